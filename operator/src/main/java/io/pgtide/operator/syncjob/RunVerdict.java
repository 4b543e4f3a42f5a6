package io.pgtide.operator.syncjob;

import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobStatus;
import io.pgtide.api.TablePhase;
import io.pgtide.api.TableStatus;

import java.time.Instant;
import java.util.List;

/**
 * The final phase of a run whose Job has stopped, from the Job's outcome and the per-table results
 * the runner wrote into status.tables.
 */
record RunVerdict(SyncJobPhase phase, String reason, String message) {

    static RunVerdict of(JobOutcome outcome, SyncJobStatus status, Instant runStart) {
        List<TableStatus> tables = tablesOfThisRun(status, runStart);
        if (outcome.state() == JobOutcome.State.FAILED && !JobOutcome.POD_FAILURE_POLICY.equals(outcome.reason())) {
            // The Job controller gave up (retries used up, deadline): the runner never reported a verdict.
            return new RunVerdict(SyncJobPhase.Failed, outcome.reason(), "The runner Job failed: "
                    + (outcome.message() == null ? outcome.reason() : outcome.message()));
        }
        long failed = count(tables, TablePhase.Failed);
        long rolledBack = count(tables, TablePhase.RolledBack);
        long succeeded = count(tables, TablePhase.Succeeded);
        if (rolledBack > 0) {
            return new RunVerdict(SyncJobPhase.RolledBack, "RolledBack", rolledBack + " table(s) failed and were restored"
                    + " from the backup; see status.tables");
        }
        if (failed > 0 && succeeded > 0) {
            return new RunVerdict(SyncJobPhase.PartiallySucceeded, "TablesFailed", failed + " of " + tables.size()
                    + " tables failed; see status.tables");
        }
        if (failed > 0 || outcome.state() == JobOutcome.State.FAILED) {
            return new RunVerdict(SyncJobPhase.Failed, "RunFailed", failed > 0
                    ? "Every table failed; see status.tables" : "The runner reported a failure: " + outcome.message());
        }
        return new RunVerdict(SyncJobPhase.Succeeded, "RunSucceeded", tables.isEmpty()
                ? "The run completed" : "All " + tables.size() + " tables synced");
    }

    /**
     * status.tables holds the last report of whichever run wrote it; it belongs to this run only if
     * the runner's progress was updated after this run started.
     */
    private static List<TableStatus> tablesOfThisRun(SyncJobStatus status, Instant runStart) {
        if (status.getTables() == null || status.getProgress() == null || status.getProgress().getUpdatedAt() == null) {
            return List.of();
        }
        Instant updated = Instant.parse(status.getProgress().getUpdatedAt());
        return runStart == null || !updated.isBefore(runStart) ? status.getTables() : List.of();
    }

    private static long count(List<TableStatus> tables, TablePhase phase) {
        return tables.stream().filter(t -> t.getPhase() == phase).count();
    }
}
