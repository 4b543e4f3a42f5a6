package io.pgtide.runner.sync;

import java.time.Duration;

/**
 * What happened to one table. Counts include chunks committed by an earlier, interrupted attempt
 * of the same job (the checkpoint carries them).
 *
 * @param skipped rows not written because the target kept its own version (target-wins, append)
 */
public record TableResult(String table, Status status, long rowsRead, long inserted, long updated, long deleted,
                          long unchanged, long skipped, Duration duration, String error) {

    public enum Status {
        SYNCED, FAILED, SKIPPED, INTERRUPTED,
        /** The run was aborted and the table was restored from the run's backup. */
        ROLLED_BACK;

        public String label() {
            return name().toLowerCase();
        }
    }

    public static TableResult skipped(String table, String why) {
        return new TableResult(table, Status.SKIPPED, 0, 0, 0, 0, 0, 0, Duration.ZERO, why);
    }
}
