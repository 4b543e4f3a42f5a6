package io.pgtide.runner.sync;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The AIMD arithmetic, on made-up chunk timings (no database, no clock). */
class AdaptiveRateTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    /** A chunk of 1,000 rows that kept the target busy for {@code targetMs}, started at {@code startMs}. */
    private static AdaptiveRate.Change chunk(AdaptiveRate rate, long targetMs, long startMs, long endMs) {
        return rate.chunkWritten("public.t", 1_000, targetMs * MS, startMs * MS, endMs * MS);
    }

    @Test
    void withACeilingItHalvesOnASlowChunkAndClimbsBackByATenthOfTheCeiling() {
        AdaptiveRate rate = new AdaptiveRate(10_000L);
        assertThat(rate.rate()).isEqualTo(10_000);

        assertThat(chunk(rate, 100, 0, 200)).isNull(); // first chunk: only the baseline
        assertThat(chunk(rate, 100, 200, 400)).isNull(); // normal, already at the ceiling

        AdaptiveRate.Change slower = chunk(rate, 300, 400, 800); // 3x the baseline
        assertThat(slower.rowsPerSecond()).isEqualTo(5_000);
        assertThat(slower.why()).isEqualTo("target write latency 300 ms per 1,000 rows, baseline 100 ms");
        assertThat(chunk(rate, 300, 800, 1_200).rowsPerSecond()).isEqualTo(2_500);

        // Back to normal: + 10% of the ceiling per chunk, never above it.
        assertThat(chunk(rate, 110, 1_200, 1_400).rowsPerSecond()).isEqualTo(3_500);
        for (int i = 0; i < 5; i++) {
            chunk(rate, 100, 1_400 + i * 200, 1_600 + i * 200);
        }
        assertThat(rate.rate()).isEqualTo(8_500);
        assertThat(chunk(rate, 100, 2_400, 2_600).rowsPerSecond()).isEqualTo(9_500);
        assertThat(chunk(rate, 100, 2_600, 2_800).rowsPerSecond()).isEqualTo(10_000);
        assertThat(chunk(rate, 100, 2_800, 3_000)).isNull();
        assertThat(rate.rate()).isEqualTo(10_000);
    }

    @Test
    void neverBelowTheFloor() {
        AdaptiveRate rate = new AdaptiveRate(40L);
        chunk(rate, 100, 0, 100);
        assertThat(chunk(rate, 1_000, 100, 1_200).rowsPerSecond()).isEqualTo(20);
        assertThat(chunk(rate, 1_000, 1_200, 2_300).rowsPerSecond()).isEqualTo(AdaptiveRate.FLOOR_ROWS_PER_SECOND);
        assertThat(chunk(rate, 1_000, 2_300, 3_400)).isNull();
        assertThat(rate.rate()).isEqualTo(AdaptiveRate.FLOOR_ROWS_PER_SECOND);
    }

    @Test
    void withoutACeilingItStartsUnthrottledHalvesTheMeasuredThroughputAndLiftsTheLimitOnceBackThere() {
        AdaptiveRate rate = new AdaptiveRate(null);
        assertThat(rate.rate()).isZero();
        // 4 chunks of 1,000 rows in 2 s: 2,000 rows/s; the slow 4th ends at 2 s.
        chunk(rate, 100, 0, 500);
        chunk(rate, 100, 500, 1_000);
        assertThat(chunk(rate, 100, 1_000, 1_500)).isNull(); // fast and unthrottled: nothing to do
        AdaptiveRate.Change first = chunk(rate, 400, 1_500, 2_000);
        assertThat(first.rowsPerSecond()).isEqualTo(1_000);

        // Additive increase by a tenth of the current rate, up to the throughput measured before the
        // slowdown, where the limit goes away again.
        assertThat(chunk(rate, 100, 2_000, 3_000).rowsPerSecond()).isEqualTo(1_100);
        assertThat(chunk(rate, 100, 3_000, 4_000).rowsPerSecond()).isEqualTo(1_210);
        long last = 1_210;
        int chunks = 0;
        while (rate.rate() != 0 && chunks++ < 20) {
            long before = rate.rate();
            chunk(rate, 100, 4_000 + chunks * 1_000L, 5_000 + chunks * 1_000L);
            assertThat(rate.rate()).satisfiesAnyOf(r -> assertThat(r).isGreaterThan(before), r -> assertThat(r).isZero());
            last = before;
        }
        assertThat(rate.rate()).isZero();
        assertThat(last).isLessThan(2_000);
    }

    @Test
    void chunksUnderWayBeforeADecreaseDoNotHalveTheRateAgain() {
        AdaptiveRate rate = new AdaptiveRate(8_000L);
        rate.chunkWritten("public.a", 1_000, 100 * MS, 0, 100 * MS);
        rate.chunkWritten("public.b", 1_000, 100 * MS, 0, 100 * MS);
        // Two parallel tables' chunks, both started before the slowdown was noticed at 1 s.
        assertThat(rate.chunkWritten("public.a", 1_000, 500 * MS, 100 * MS, S).rowsPerSecond()).isEqualTo(4_000);
        assertThat(rate.chunkWritten("public.b", 1_000, 500 * MS, 150 * MS, S + 50 * MS)).isNull();
        assertThat(rate.rate()).isEqualTo(4_000);
        // A chunk started after the decrease and still slow halves it again.
        assertThat(rate.chunkWritten("public.b", 1_000, 500 * MS, 2 * S, 3 * S).rowsPerSecond()).isEqualTo(2_000);
    }

    @Test
    void noiseOnTinyChunksIsNoSlowdown() {
        AdaptiveRate rate = new AdaptiveRate(1_000L);
        rate.chunkWritten("public.t", 10, 2 * MS, 0, 10 * MS);
        // 10x the baseline per row, but 20 ms in all: below the absolute floor.
        assertThat(rate.chunkWritten("public.t", 10, 20 * MS, 10 * MS, 40 * MS)).isNull();
        assertThat(rate.rate()).isEqualTo(1_000);
    }

    @Test
    void eachTableHasItsOwnBaseline() {
        AdaptiveRate rate = new AdaptiveRate(1_000L);
        rate.chunkWritten("public.narrow", 1_000, 50 * MS, 0, 100 * MS);
        // A table with wide rows costs more per row from its first chunk: no slowdown.
        assertThat(rate.chunkWritten("public.wide", 1_000, 500 * MS, 100 * MS, 700 * MS)).isNull();
        assertThat(rate.chunkWritten("public.wide", 1_000, 520 * MS, 700 * MS, 1_300 * MS)).isNull();
        assertThat(rate.rate()).isEqualTo(1_000);
    }
}
