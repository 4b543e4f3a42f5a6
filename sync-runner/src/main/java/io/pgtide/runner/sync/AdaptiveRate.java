package io.pgtide.runner.sync;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The adaptive rate (AIMD): after each committed chunk, compares the target's write latency per
 * row with a baseline for that table; above {@link #SLOW_FACTOR} times the baseline the rate is
 * halved (never below {@link #FLOOR_ROWS_PER_SECOND}), otherwise it grows by a tenth of the
 * ceiling (of the current rate when there is no ceiling) up to the ceiling.
 *
 * <p>Without a ceiling the run starts unthrottled; the first slowdown sets the rate to half of the
 * run's throughput until then, and that throughput becomes the ceiling: once the rate is back up
 * to it, the limit is lifted again.
 *
 * <p>Pure arithmetic on the times handed in (nanoseconds on one monotonic clock), so that it can be
 * tested without a database or a clock. Thread-safe: all tables of a run report to one instance.
 */
final class AdaptiveRate {
    static final long FLOOR_ROWS_PER_SECOND = 10;
    /** A chunk is slow when its latency per row is above this many times the baseline... */
    static final double SLOW_FACTOR = 2.0;
    /** ...and the chunk took at least this long: a few ms of noise on a tiny chunk is no slowdown. */
    static final long MIN_SLOW_CHUNK_NANOS = 50_000_000L;
    /** How far a normal chunk moves the baseline towards its own latency (a faster one sets it at once). */
    static final double NORMAL_WEIGHT = 1.0 / 8;
    /**
     * How far a slow chunk moves it: slightly, so that a target that stays slower for good (a new index,
     * other load) becomes the new normal after a few dozen chunks instead of pinning the rate to the floor.
     */
    static final double SLOW_WEIGHT = 1.0 / 32;

    /** A new rate (0: no limit) and why, in words for the progress output. */
    record Change(long rowsPerSecond, String why) {
    }

    private final long ceiling;
    private long rate;
    private long impliedCeiling;
    private final Map<String, Double> baselineNanosPerRow = new HashMap<>();
    private long lastDecreaseNanos = Long.MIN_VALUE;
    private long markNanos = Long.MIN_VALUE;
    private long rowsSinceMark;

    /** @param ceiling the maxRowsPerSecond to start at and never exceed, or null: start unthrottled */
    AdaptiveRate(Long ceiling) {
        this.ceiling = ceiling == null ? 0 : ceiling;
        this.rate = this.ceiling;
    }

    /** The current rate in rows per second; 0: no limit. */
    synchronized long rate() {
        return rate;
    }

    /**
     * One committed chunk: {@code rows} written, the target busy with them for {@code targetNanos}
     * (COPY, merge statements, checkpoint, commit), the chunk started at {@code startNanos}. Returns
     * the new rate, or null when it stays.
     */
    synchronized Change chunkWritten(String table, long rows, long targetNanos, long startNanos, long nowNanos) {
        if (rows <= 0) {
            return null;
        }
        if (markNanos == Long.MIN_VALUE) {
            markNanos = startNanos;
        }
        rowsSinceMark += rows;
        double perRow = (double) targetNanos / rows;
        Double baseline = baselineNanosPerRow.get(table);
        if (baseline == null) {
            // Each table has its own: rows of different tables cost the target different amounts.
            baselineNanosPerRow.put(table, perRow);
            return null;
        }
        boolean slow = perRow > SLOW_FACTOR * baseline && targetNanos >= MIN_SLOW_CHUNK_NANOS;
        baselineNanosPerRow.put(table, perRow < baseline ? perRow
                : baseline + (perRow - baseline) * (slow ? SLOW_WEIGHT : NORMAL_WEIGHT));
        String latency = latency(perRow, baseline);
        if (slow) {
            if (startNanos < lastDecreaseNanos) {
                // Written at the rate before the last decrease: one slowdown halves the rate once,
                // not once per chunk (or per parallel table) that was already under way.
                return null;
            }
            lastDecreaseNanos = nowNanos;
            long next;
            if (rate == 0) {
                long throughput = Math.max(FLOOR_ROWS_PER_SECOND, perSecond(rowsSinceMark, nowNanos - markNanos));
                impliedCeiling = throughput;
                next = throughput / 2;
            } else {
                next = rate / 2;
            }
            return change(Math.max(FLOOR_ROWS_PER_SECOND, next), latency);
        }
        if (rate == 0) {
            return null;
        }
        long top = ceiling > 0 ? ceiling : impliedCeiling;
        long step = Math.max(1, (ceiling > 0 ? ceiling : rate) / 10);
        long next = Math.min(top, rate + step);
        if (ceiling == 0 && next >= impliedCeiling) {
            markNanos = nowNanos;
            rowsSinceMark = 0;
            return change(0, latency);
        }
        return change(next, latency);
    }

    private Change change(long next, String why) {
        if (next == rate) {
            return null;
        }
        rate = next;
        return new Change(next, why);
    }

    private static long perSecond(long rows, long nanos) {
        return nanos <= 0 ? rows : Math.round(rows * 1e9 / nanos);
    }

    private static String latency(double nanosPerRow, double baselineNanosPerRow) {
        return String.format(Locale.ROOT, "target write latency %,.0f ms per 1,000 rows, baseline %,.0f ms",
                nanosPerRow / 1000, baselineNanosPerRow / 1000);
    }
}
