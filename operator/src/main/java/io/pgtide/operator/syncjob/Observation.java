package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.RestorePhase;
import io.pgtide.api.RunStatus;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobStatus;
import io.pgtide.operator.status.Timestamps;

import java.time.Instant;
import java.util.Optional;

/**
 * What the observe step found: the SyncJob, its two connections and the runner Job of its current
 * run attempt. The state machine decides from this alone.
 */
record Observation(SyncJob syncJob, Optional<DatabaseConnection> source, Optional<DatabaseConnection> target,
                   Optional<Job> runnerJob, Instant now) {

    SyncJobStatus status() {
        return syncJob.getStatus() == null ? new SyncJobStatus() : syncJob.getStatus();
    }

    /** A SyncJob nobody has looked at yet is Pending. */
    SyncJobPhase phase() {
        return status().getPhase() == null ? SyncJobPhase.Pending : status().getPhase();
    }

    Optional<RunStatus> run() {
        return Optional.ofNullable(status().getRun());
    }

    /** Whether a restore Job (pgtide.io/restore) is writing the target: no run may start meanwhile. */
    boolean restoreRunning() {
        return status().getRestore() != null && status().getRestore().getPhase() == RestorePhase.Running;
    }

    boolean suspendRequested() {
        return Boolean.TRUE.equals(syncJob.getSpec().getSuspend());
    }

    /** The id of a run started now, for the schedule's {@code scheduledTime} or (null) not by the schedule. */
    String runId(String scheduledTime) {
        return RunIds.runId(syncJob.getMetadata().getUid(), syncJob.getSpec().getRerunNonce(), scheduledTime);
    }

    /** Whether spec.rerunNonce changed since the current or last run started, which asks for a new run. */
    boolean nonceChanged() {
        return run().map(r -> !runId(r.getScheduledTime()).equals(r.getId())).orElse(false);
    }

    /** spec.schedule, if set and valid ({@link LaunchValidator} blocks the SyncJob on an invalid one). */
    Optional<CronSchedule> schedule() {
        String expression = syncJob.getSpec().getSchedule();
        if (expression == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CronSchedule.parse(expression));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    Instant created() {
        return Timestamps.parse(syncJob.getMetadata().getCreationTimestamp());
    }
}
