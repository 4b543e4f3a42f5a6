package io.pgtide.operator.syncjob;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.pgtide.api.Condition;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobStatus;
import io.pgtide.operator.events.EventReason;
import io.pgtide.operator.events.EventRecorder;
import io.pgtide.operator.status.Conditions;
import io.pgtide.operator.status.StatusPatcher;
import io.pgtide.operator.status.Timestamps;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records a {@link Decision} in a SyncJob's status (operator-owned fields only) and emits an Event
 * when the phase changes, or when a Blocked job is blocked for another reason. Writes nothing when
 * the status already says the same: with generation-aware processing off, every status write
 * triggers another reconcile, and unchanged reconciles must end there.
 */
final class SyncJobStatusWriter {
    /** Operator-owned fields a merge patch must clear explicitly when a decision leaves them unset. */
    private static final List<String> CLEAR_WHEN_ABSENT = List.of("reason", "message", "nextScheduledRunTime",
            "run.id", "run.attempt", "run.jobName", "run.startTime", "run.completionTime", "run.scheduledTime");

    private final EventRecorder events;

    SyncJobStatusWriter(EventRecorder events) {
        this.events = events;
    }

    SyncJob write(SyncJob job, Context<SyncJob> context, Decision decision, Instant now) {
        SyncJobStatus before = Optional.ofNullable(job.getStatus()).orElseGet(SyncJobStatus::new);
        SyncJobStatus next = operatorFields(before);
        next.setObservedGeneration(job.getMetadata().getGeneration());
        next.setPhase(decision.phase());
        next.setReason(decision.reason());
        next.setMessage(decision.message());
        if (decision.run() != null) {
            next.setRun(decision.run());
        }
        next.setNextScheduledRunTime(decision.nextScheduledRunTime() == null ? null
                : Timestamps.format(decision.nextScheduledRunTime()));
        // A dry run succeeds without syncing anything: it does not count as the last successful run.
        if (decision.phase() == SyncJobPhase.Succeeded && decision.run() != null
                && !RunVerdict.PREVIEW_READY.equals(decision.reason())) {
            next.setLastSuccessfulRunTime(decision.run().getCompletionTime());
        }
        next.setConditions(conditions(before, decision, job.getMetadata().getGeneration(), now));

        var serialization = context.getClient().getKubernetesSerialization();
        if (serialization.asJson(next).equals(serialization.asJson(operatorFields(before)))) {
            return job;
        }
        SyncJob written = StatusPatcher.mergePatch(job, context, next, CLEAR_WHEN_ABSENT);
        boolean phaseChanged = before.getPhase() != decision.phase();
        boolean blockedForAnotherReason = decision.phase() == SyncJobPhase.Blocked
                && !Objects.equals(before.getReason(), decision.reason());
        if (phaseChanged || blockedForAnotherReason) {
            eventReason(decision).ifPresent(reason -> events.emit(written, reason, decision.message()));
        }
        return written;
    }

    /** The fields this writer owns, copied; runner-owned progress and tables stay out. */
    private static SyncJobStatus operatorFields(SyncJobStatus s) {
        SyncJobStatus copy = new SyncJobStatus();
        copy.setObservedGeneration(s.getObservedGeneration());
        copy.setPhase(s.getPhase());
        copy.setReason(s.getReason());
        copy.setMessage(s.getMessage());
        copy.setConditions(s.getConditions());
        copy.setRun(s.getRun());
        copy.setLastSuccessfulRunTime(s.getLastSuccessfulRunTime());
        copy.setNextScheduledRunTime(s.getNextScheduledRunTime());
        return copy;
    }

    /**
     * kstatus: Reconciling while work goes on (not while a schedule waits for its time), Stalled when a
     * human must act, Ready after a successful run.
     */
    private static List<Condition> conditions(SyncJobStatus before, Decision d, long generation, Instant now) {
        String reason = d.reason();
        String message = d.message();
        SyncJobPhase phase = d.phase();
        boolean reconciling = (phase == SyncJobPhase.Pending && !SyncJobStateMachine.WAITING_FOR_SCHEDULE.equals(reason))
                || phase == SyncJobPhase.Queued || phase == SyncJobPhase.Running;
        boolean failed = phase == SyncJobPhase.Failed || phase == SyncJobPhase.RolledBack
                || phase == SyncJobPhase.PartiallySucceeded;
        boolean stalled = failed || phase == SyncJobPhase.Blocked;
        boolean succeeded = phase == SyncJobPhase.Succeeded;
        return new Conditions(before.getConditions(), generation, now)
                .set(Condition.READY, succeeded, reason, message)
                .set(Condition.RECONCILING, reconciling, reason, message)
                .set(Condition.STALLED, stalled, reason, message)
                .set(Condition.COMPLETE, succeeded, reason, message)
                .set(Condition.FAILED, failed, reason, message)
                .list();
    }

    private static Optional<EventReason> eventReason(Decision d) {
        return Optional.ofNullable(switch (d.phase()) {
            case Pending -> null;
            case Blocked -> EventReason.SyncBlocked;
            case Queued -> EventReason.SyncQueued;
            case Running -> d.run() != null && d.run().getAttempt() > 1 ? EventReason.RunResumed : EventReason.RunStarted;
            case Suspended -> EventReason.RunSuspended;
            case Succeeded -> EventReason.RunSucceeded;
            case PartiallySucceeded -> EventReason.RunPartiallySucceeded;
            case Failed -> EventReason.RunFailed;
            case RolledBack -> EventReason.RunRolledBack;
        });
    }
}
