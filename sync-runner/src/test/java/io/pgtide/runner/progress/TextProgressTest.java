package io.pgtide.runner.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The text output's rate limit lines: one per change, from and to. */
class TextProgressTest {
    @Test
    void oneLinePerRateLimitChange() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TextProgress text = new TextProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

        text.rateLimitChanged(2_000, "maxRowsPerSecond");
        text.rateLimitChanged(1_000, "slowing down: target write latency 480 ms per 1,000 rows, baseline 60 ms");
        text.rateLimitChanged(0, "speeding up: target write latency 50 ms per 1,000 rows, baseline 60 ms");
        text.rateLimitChanged(500, "slowing down: target write latency 300 ms per 1,000 rows, baseline 60 ms");

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "rate limit: 2,000 rows/s (maxRowsPerSecond)",
                "rate limit: 2,000 -> 1,000 rows/s (slowing down: target write latency 480 ms per 1,000 rows, baseline 60 ms)",
                "rate limit: 1,000 rows/s -> no limit (speeding up: target write latency 50 ms per 1,000 rows, baseline 60 ms)",
                "rate limit: no limit -> 500 rows/s (slowing down: target write latency 300 ms per 1,000 rows, baseline 60 ms)");
    }
}
