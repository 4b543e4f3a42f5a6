package io.pgtide.runner.sync;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.backup.RunBackup;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a run: one result per table and the process exit code it implies.
 *
 * @param aborted         a failing table stopped the run under --on-table-error abort
 * @param interruptReason why the run stopped early: SIGTERM or the timeout when {@code interrupted},
 *                        else a table failure under --on-table-error abort (null when it ran to the end)
 * @param rollback        what the abort did to the target: restored from the backup, or why not (null when not aborted)
 */
public record RunResult(String jobId, List<TableResult> tables, List<Finding> warnings, Duration duration,
                        boolean interrupted, boolean aborted, String interruptReason, RunBackup.Rollback rollback) {

    public RunResult(String jobId, List<TableResult> tables, List<Finding> warnings, Duration duration,
                     boolean interrupted, boolean aborted, String interruptReason) {
        this(jobId, tables, warnings, duration, interrupted, aborted, interruptReason, null);
    }

    /** The run was aborted and every table it touched is back at its contents before the run. */
    public boolean rolledBack() {
        return rollback != null && rollback.restored();
    }

    public int exitCode() {
        if (interrupted) {
            return ExitCode.INTERRUPTED;
        }
        if (aborted) {
            // --on-table-error abort: the run failed, even when some tables synced before it stopped.
            return ExitCode.FAILED;
        }
        long failed = tables.stream().filter(t -> t.status() != TableResult.Status.SYNCED).count();
        if (failed == 0) {
            return ExitCode.OK;
        }
        return failed == tables.size() ? ExitCode.FAILED : ExitCode.PARTIAL;
    }

    public String outcome() {
        return switch (exitCode()) {
            case ExitCode.OK -> "succeeded";
            case ExitCode.PARTIAL -> "partially succeeded";
            case ExitCode.INTERRUPTED -> "interrupted";
            default -> rolledBack() ? "failed, target restored" : "failed";
        };
    }
}
