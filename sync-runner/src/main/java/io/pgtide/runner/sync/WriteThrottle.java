package io.pgtide.runner.sync;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.pgtide.runner.progress.ProgressListener;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The run's write rate: one Resilience4j rate limiter shared by every table and worker, its rate
 * set by {@code maxRowsPerSecond} and, in adaptive mode, by {@link AdaptiveRate} after each chunk.
 * Rows ask for permits in small batches (about a tenth of a second's worth) before they are written,
 * so the target sees a steady stream rather than a chunk at full speed followed by a pause.
 */
final class WriteThrottle {
    /** Batches are about this fraction of a second's rows: smooth, yet few limiter calls. */
    private static final int BATCHES_PER_SECOND = 10;
    /** The limiter's period holds about this fraction of a second's permits. */
    private static final int PERIODS_PER_SECOND = 20;
    /** Waiting is done in slices of at most this, so a cancelled run stops promptly. */
    private static final long WAIT_SLICE_NANOS = 200_000_000L;
    /** Longer than any reservation can need, so that reservePermission always reserves. */
    private static final Duration RESERVE_TIMEOUT = Duration.ofDays(1);

    static final WriteThrottle NONE = new WriteThrottle(RateLimitOptions.NONE, new ProgressListener() {
    });

    private final AtomicReference<RateLimiter> limiter = new AtomicReference<>();
    private final AdaptiveRate adaptive;
    private final ProgressListener listener;
    private volatile long rate;

    private WriteThrottle(RateLimitOptions options, ProgressListener listener) {
        this.adaptive = options.adaptive() ? new AdaptiveRate(options.maxRowsPerSecond()) : null;
        this.listener = listener;
        if (options.maxRowsPerSecond() != null) {
            setRate(options.maxRowsPerSecond());
        }
    }

    /** The throttle of a run; tells {@code listener} the starting rate when there is one. */
    static WriteThrottle start(RateLimitOptions options, ProgressListener listener) {
        if (!options.limits()) {
            return NONE;
        }
        WriteThrottle throttle = new WriteThrottle(options, listener);
        if (options.maxRowsPerSecond() != null) {
            listener.rateLimitChanged(options.maxRowsPerSecond(), options.adaptive()
                    ? "maxRowsPerSecond, adaptive: lower while the target is slow" : "maxRowsPerSecond");
        } else if (options.adaptive()) {
            listener.message("adaptive rate: writing unthrottled until the target's write latency rises");
        }
        return throttle;
    }

    /** Rows to gather before asking for permits: a tenth of a second at the current rate (no limit: no batches). */
    int batchRows() {
        long r = rate;
        return r == 0 ? Integer.MAX_VALUE : (int) Math.max(1, Math.min(Integer.MAX_VALUE, r / BATCHES_PER_SECOND));
    }

    /** Whether rows are being held back: then each batch goes to the target as soon as it may. */
    boolean limiting() {
        return rate != 0;
    }

    /**
     * Waits until {@code rows} more rows may be written, or the run is asked to stop (then returns at
     * once; the caller checks {@code stop}). Never blocks more than a fraction of a second between
     * looks at {@code stop}.
     */
    void acquire(int rows, CancelToken stop) {
        RateLimiter current = limiter.get();
        if (current == null || rows <= 0) {
            return;
        }
        // Permits beyond one period's limit are fine: AtomicRateLimiter reserves them from future
        // periods and says how long that takes; the waiting is done here, where stop can cut it short.
        long nanos = current.reservePermission(rows);
        long deadline = System.nanoTime() + Math.max(0, nanos);
        try {
            for (long left = deadline - System.nanoTime(); left > 0 && !stop.isCancelled(); left = deadline - System.nanoTime()) {
                Thread.sleep(Math.max(1, Math.min(left, WAIT_SLICE_NANOS) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One committed chunk, for the adaptive rate (see {@link AdaptiveRate#chunkWritten}). Free without
     * the adaptive mode; with it, one lock, because workers finishing chunks at once must apply their
     * rate changes in the order they were decided.
     */
    void chunkWritten(String table, long rows, long targetNanos, long startNanos) {
        if (adaptive == null) {
            return;
        }
        synchronized (this) {
            adapt(table, rows, targetNanos, startNanos);
        }
    }

    private void adapt(String table, long rows, long targetNanos, long startNanos) {
        long before = rate;
        AdaptiveRate.Change change = adaptive.chunkWritten(table, rows, targetNanos, startNanos, System.nanoTime());
        if (change != null) {
            setRate(change.rowsPerSecond());
            boolean slower = change.rowsPerSecond() != 0 && (before == 0 || change.rowsPerSecond() < before);
            listener.rateLimitChanged(change.rowsPerSecond(), (slower ? "slowing down: " : "speeding up: ") + change.why());
        }
    }

    private void setRate(long rowsPerSecond) {
        rate = rowsPerSecond;
        if (rowsPerSecond == 0) {
            limiter.set(null);
            return;
        }
        // A new limiter rather than changeLimitForPeriod: the period must change with the rate to keep
        // both whole numbers (e.g. 15 rows/s = 1 row every 66.7 ms).
        int perPeriod = (int) Math.max(1, Math.min(Integer.MAX_VALUE, rowsPerSecond / PERIODS_PER_SECOND));
        limiter.set(RateLimiter.of("pgtide-writes", RateLimiterConfig.custom()
                .limitForPeriod(perPeriod)
                .limitRefreshPeriod(Duration.ofNanos(Math.max(1, 1_000_000_000L * perPeriod / rowsPerSecond)))
                .timeoutDuration(RESERVE_TIMEOUT)
                .build()));
    }
}
