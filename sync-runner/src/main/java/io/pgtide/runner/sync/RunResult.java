package io.pgtide.runner.sync;

import io.pgtide.runner.ExitCode;

import java.time.Duration;
import java.util.List;

/** The outcome of a run: one result per table and the process exit code it implies. */
public record RunResult(String jobId, List<TableResult> tables, List<Finding> warnings, Duration duration,
                        boolean interrupted, boolean aborted, String interruptReason) {

    public int exitCode() {
        if (interrupted) {
            return ExitCode.INTERRUPTED;
        }
        long failed = tables.stream().filter(t -> t.status() != TableResult.Status.SYNCED).count();
        if (failed == 0) {
            return ExitCode.OK;
        }
        return aborted || failed == tables.size() ? ExitCode.FAILED : ExitCode.PARTIAL;
    }

    public String outcome() {
        return switch (exitCode()) {
            case ExitCode.OK -> "succeeded";
            case ExitCode.PARTIAL -> "partially succeeded";
            case ExitCode.INTERRUPTED -> "interrupted";
            default -> "failed";
        };
    }
}
