package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.RestorePhase;
import io.pgtide.api.RestoreStatus;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.operator.events.EventReason;
import io.pgtide.operator.status.Timestamps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Restores on request. The annotation {@code pgtide.io/restore: <backup id>} on a SyncJob asks for its
 * target tables to be put back from that backup (one the SyncJob's runs took, see status.backup.id).
 * Each annotation value is carried out once: the request is done when status.restore names the same
 * backup in a final phase, so GitOps tools that re-apply the annotation do not repeat it. A restore
 * never runs beside a sync run of the same SyncJob (both would write the same tables): it waits while
 * a run is active, and a new run waits while a restore is running ({@link SyncJobStateMachine}).
 */
final class RestoreRequests {
    /** Backup ids as the runner makes them; anything else cannot name a backup and is refused at once. */
    private static final Pattern BACKUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** A safety net behind the Job watch while a restore runs or waits. */
    static final Duration RECHECK = Duration.ofSeconds(30);

    private RestoreRequests() {
    }

    /**
     * What to do about the restore request, if anything.
     *
     * @param status   status.restore to record (null: nothing to write)
     * @param action   what to do besides writing status
     * @param event    the Event for a phase change, or null
     * @param requeue  when to look again (null: events only)
     */
    record Step(RestoreStatus status, Action action, EventReason event, Duration requeue) {
        static final Step NOTHING = new Step(null, Action.NONE, null, null);
    }

    enum Action {
        NONE,
        /** Create the restore Job named in the step's status. */
        LAUNCH,
        /**
         * The annotation is gone and the last restore finished: delete its Job and clear status.restore, so
         * that adding the annotation again (even with the same backup id) runs a new restore.
         */
        FORGET
    }

    /** The backup id the annotation asks for, if any. */
    static Optional<String> requested(SyncJob job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(RestoreStatus.ANNOTATION);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    static Step decide(Observation o, Optional<Job> restoreJob) {
        Optional<String> wanted = requested(o.syncJob());
        RestoreStatus current = o.status().getRestore();
        if (wanted.isEmpty()) {
            if (current != null && current.getPhase() == RestorePhase.Running) {
                // The Job writes on whatever the annotation says now: follow it to its end, then forget it.
                return running(o, current, restoreJob);
            }
            boolean finished = current != null && (current.getPhase() == RestorePhase.Succeeded
                    || current.getPhase() == RestorePhase.Failed || current.getPhase() == RestorePhase.Pending);
            return finished ? new Step(null, Action.FORGET, null, null) : Step.NOTHING;
        }
        String backupId = wanted.get();
        boolean sameRequest = current != null && backupId.equals(current.getBackupId());
        if (sameRequest && (current.getPhase() == RestorePhase.Succeeded || current.getPhase() == RestorePhase.Failed)) {
            return Step.NOTHING;
        }
        if (sameRequest && current.getPhase() == RestorePhase.Running) {
            return running(o, current, restoreJob);
        }
        if (!BACKUP_ID.matcher(backupId).matches()) {
            return finished(o, pending(backupId), RestorePhase.Failed, "'" + backupId + "' in the " + RestoreStatus.ANNOTATION
                    + " annotation is not a backup id; use the id from status.backup.id or from `sync-runner.jar backups`");
        }
        Optional<String> wait = reasonToWait(o);
        if (wait.isPresent()) {
            RestoreStatus waiting = pending(backupId);
            waiting.setMessage(wait.get());
            boolean unchanged = sameRequest && current.getPhase() == RestorePhase.Pending && wait.get().equals(current.getMessage());
            return new Step(unchanged ? null : waiting, Action.NONE, null, RECHECK);
        }
        Optional<String> refusal = refusal(o);
        if (refusal.isPresent()) {
            return finished(o, pending(backupId), RestorePhase.Failed, refusal.get());
        }
        RestoreStatus started = pending(backupId);
        started.setPhase(RestorePhase.Running);
        started.setJobName(jobName(o.syncJob(), backupId));
        started.setStartTime(Timestamps.format(o.now()));
        started.setMessage("Restore Job " + started.getJobName() + " is restoring the target tables from backup " + backupId);
        return new Step(started, Action.LAUNCH, EventReason.RestoreStarted, RECHECK);
    }

    private static Step running(Observation o, RestoreStatus current, Optional<Job> restoreJob) {
        if (restoreJob.isEmpty()) {
            return finished(o, current, RestorePhase.Failed, "The restore Job " + current.getJobName()
                    + " was deleted before it finished; the backup is still there: remove the " + RestoreStatus.ANNOTATION
                    + " annotation and add it again to retry, or restore from the command line");
        }
        JobOutcome outcome = JobOutcome.of(restoreJob.get());
        return switch (outcome.state()) {
            case ACTIVE -> new Step(null, Action.NONE, null, RECHECK);
            case COMPLETE -> finished(o, current, RestorePhase.Succeeded, "The target tables were restored from backup "
                    + current.getBackupId() + (current.getResult() == null ? "" : ": " + current.getResult()));
            case FAILED -> finished(o, current, RestorePhase.Failed, "The restore from backup " + current.getBackupId()
                    + " failed" + (current.getResult() != null ? ": " + current.getResult()
                    : " (" + outcome.reason() + (outcome.message() == null ? "" : ": " + outcome.message()) + ")")
                    + "; see the logs of Job " + current.getJobName());
        };
    }

    /** A restore must not write beside a sync run, nor before the target connection can be used. */
    private static Optional<String> reasonToWait(Observation o) {
        if (o.phase() == SyncJobPhase.Running || o.phase() == SyncJobPhase.Suspended && o.runnerJob().isPresent()) {
            return Optional.of("Waiting for the active run (" + o.phase() + ") to stop: a restore and a run must not write"
                    + " the same tables at once");
        }
        if (o.target().isPresent() && !LaunchValidator.isReady(o.target().get())) {
            return Optional.of("Waiting for the target DatabaseConnection '" + o.target().get().getMetadata().getName()
                    + "' to be Ready");
        }
        return Optional.empty();
    }

    /** What makes the restore impossible until a human changes something. */
    private static Optional<String> refusal(Observation o) {
        if (o.source().isEmpty() || o.target().isEmpty()) {
            return Optional.of("The SyncJob's DatabaseConnections must exist to restore its target");
        }
        DatabaseConnection target = o.target().get();
        String targetName = target.getMetadata().getName();
        if (Boolean.TRUE.equals(target.getSpec().getReadOnly())) {
            return Optional.of("The target '" + targetName + "' is readOnly: nothing may be written to it, a restore neither");
        }
        Optional<String> production = LaunchValidator.productionBecause(target);
        if (production.isPresent() && !targetName.equals(o.syncJob().getSpec().getProductionConfirmation())) {
            return Optional.of("The target '" + targetName + "' is a production database (" + production.get()
                    + "): set spec.productionConfirmation to '" + targetName + "' to confirm restoring into it, then"
                    + " remove and re-add the " + RestoreStatus.ANNOTATION + " annotation");
        }
        return Optional.empty();
    }

    private static RestoreStatus pending(String backupId) {
        RestoreStatus s = new RestoreStatus();
        s.setBackupId(backupId);
        s.setPhase(RestorePhase.Pending);
        return s;
    }

    private static Step finished(Observation o, RestoreStatus base, RestorePhase phase, String message) {
        RestoreStatus done = new RestoreStatus();
        done.setBackupId(base.getBackupId());
        done.setJobName(base.getJobName());
        done.setStartTime(base.getStartTime());
        done.setPhase(phase);
        done.setCompletionTime(Timestamps.format(o.now()));
        done.setMessage(message);
        return new Step(done, Action.NONE, phase == RestorePhase.Succeeded ? EventReason.RestoreSucceeded : EventReason.RestoreFailed, null);
    }

    /** {@code <syncjob>-restore-<hash>-1}: deterministic per SyncJob and backup, so a repeated reconcile finds the same Job. */
    static String jobName(SyncJob job, String backupId) {
        return RunIds.jobName(job.getMetadata().getName(), "restore-" + restoreId(job, backupId), 1);
    }

    /** A short id of this SyncJob's restore of {@code backupId}. */
    static String restoreId(SyncJob job, String backupId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((job.getMetadata().getUid() + "\n" + backupId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
