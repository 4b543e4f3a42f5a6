package io.pgtide.operator.syncjob;

import io.pgtide.api.Preview;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobStatus;
import io.pgtide.api.TablePhase;
import io.pgtide.api.TablePreview;
import io.pgtide.api.TableStatus;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The final phase of a run whose Job has stopped, from the Job's outcome and the per-table results
 * the runner wrote into status.tables (or, for a dry run, the preview it wrote into status.preview).
 */
record RunVerdict(SyncJobPhase phase, String reason, String message) {
    /** Reason of a dry run that completed: Succeeded, but nothing was synced. */
    static final String PREVIEW_READY = "PreviewReady";

    /** @param dryRun whether the Job ran a preview (its label, from the spec it was created with) */
    static RunVerdict of(JobOutcome outcome, SyncJobStatus status, Instant runStart, boolean dryRun) {
        List<TableStatus> tables = tablesOfThisRun(status, runStart);
        if (outcome.state() == JobOutcome.State.FAILED && !JobOutcome.POD_FAILURE_POLICY.equals(outcome.reason())) {
            // The Job controller gave up (retries used up, deadline): the runner never reported a verdict.
            return new RunVerdict(SyncJobPhase.Failed, outcome.reason(), "The runner Job failed: "
                    + (outcome.message() == null ? outcome.reason() : outcome.message()));
        }
        if (dryRun && outcome.state() == JobOutcome.State.COMPLETE) {
            // The runner writes status.preview before it exits 0.
            return new RunVerdict(SyncJobPhase.Succeeded, PREVIEW_READY, "Dry run, nothing was written: "
                    + (status.getPreview() == null ? "see status.preview" : describe(status.getPreview())));
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

    /** "would insert 120, update 30 and delete 5 rows in 3 tables (10,000 unchanged)". */
    private static String describe(Preview preview) {
        List<TablePreview> tables = preview.getTables() == null ? List.of() : preview.getTables();
        return String.format(Locale.ROOT, "would insert %,d, update %,d and delete %,d rows in %d table(s) (%,d unchanged);"
                        + " see status.preview",
                sum(tables, TablePreview::getToInsert), sum(tables, TablePreview::getToUpdate),
                sum(tables, TablePreview::getToDelete), tables.size(), sum(tables, TablePreview::getUnchanged));
    }

    private static long sum(List<TablePreview> tables, Function<TablePreview, Long> count) {
        return tables.stream().map(count).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }

    private static long count(List<TableStatus> tables, TablePhase phase) {
        return tables.stream().filter(t -> t.getPhase() == phase).count();
    }
}
