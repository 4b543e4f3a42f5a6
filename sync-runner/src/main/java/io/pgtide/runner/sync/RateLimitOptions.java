package io.pgtide.runner.sync;

/**
 * How fast a run may write to the target.
 *
 * @param maxRowsPerSecond ceiling on rows written per second over the whole run (all tables and
 *                         workers together); null: no ceiling
 * @param adaptive         lower the rate while the target's write latency rises, raise it again when it
 *                         recovers ({@link AdaptiveRate})
 */
public record RateLimitOptions(Long maxRowsPerSecond, boolean adaptive) {
    /** Write as fast as the target accepts. */
    public static final RateLimitOptions NONE = new RateLimitOptions(null, false);

    public RateLimitOptions {
        if (maxRowsPerSecond != null && maxRowsPerSecond < 1) {
            throw new IllegalArgumentException("maxRowsPerSecond must be at least 1, not " + maxRowsPerSecond);
        }
    }

    public boolean limits() {
        return maxRowsPerSecond != null || adaptive;
    }
}
