package io.pgtide.runner.sync;

import io.pgtide.runner.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared limiter on a real clock: the rate holds, large batches work, cancellation cuts waits short. */
class WriteThrottleTest {
    private static final ProgressListener QUIET = new ProgressListener() {
    };

    @Test
    void holdsTheRateAcrossThreadsWithBatchesLargerThanOnePeriod() throws Exception {
        WriteThrottle throttle = WriteThrottle.start(new RateLimitOptions(2_000L, false), QUIET);
        // 2,000 rows/s: the limiter's period holds 100 permits; batches of 300 span three periods.
        CancelToken stop = new CancelToken();
        long start = System.nanoTime();
        Thread[] workers = new Thread[2];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    throttle.acquire(300, stop);
                }
            });
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // 6,000 rows at 2,000 rows/s: about 3 s, less the first period's permits. No upper bound: a busy
        // machine may be slower, never faster.
        assertThat(seconds).isGreaterThan(2.5);
        assertThat(throttle.batchRows()).isEqualTo(200);
    }

    @Test
    void aCancelledRunStopsWaitingPromptly() {
        WriteThrottle throttle = WriteThrottle.start(new RateLimitOptions(10L, false), QUIET);
        CancelToken stop = new CancelToken();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.schedule(() -> stop.cancel("test"), 300, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            throttle.acquire(1_000, stop); // 100 s worth at 10 rows/s
            assertThat((System.nanoTime() - start) / 1e9).isBetween(0.25, 1.5);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void withoutALimitNothingWaitsAndNothingIsBatched() {
        WriteThrottle throttle = WriteThrottle.start(RateLimitOptions.NONE, QUIET);
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            throttle.acquire(1_000_000, new CancelToken());
        }
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);
        assertThat(throttle.batchRows()).isEqualTo(Integer.MAX_VALUE);
        assertThat(throttle.limiting()).isFalse();
    }

    @Test
    void theStartingRateAndAdaptiveChangesAreReported() {
        List<String> events = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void rateLimitChanged(long rowsPerSecond, String why) {
                events.add(rowsPerSecond + ": " + why);
            }
        };
        WriteThrottle throttle = WriteThrottle.start(new RateLimitOptions(1_000L, true), listener);
        long now = System.nanoTime();
        throttle.chunkWritten("public.t", 1_000, 100_000_000L, now);
        throttle.chunkWritten("public.t", 1_000, 400_000_000L, now);
        throttle.chunkWritten("public.t", 1_000, 100_000_000L, System.nanoTime());

        assertThat(events).containsExactly(
                "1000: maxRowsPerSecond, adaptive: lower while the target is slow",
                "500: slowing down: target write latency 400 ms per 1,000 rows, baseline 100 ms",
                "600: speeding up: target write latency 100 ms per 1,000 rows, baseline 109 ms");
        assertThat(throttle.batchRows()).isEqualTo(60);
    }
}
