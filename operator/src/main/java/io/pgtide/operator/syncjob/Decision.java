package io.pgtide.operator.syncjob;

import io.pgtide.api.RunStatus;
import io.pgtide.api.SyncJobPhase;

import java.time.Duration;
import java.time.Instant;

/**
 * What the state machine decided: the phase to record, the one action that goes with it, and when
 * to look again.
 *
 * @param run                  the run to record; null leaves status.run as it is
 * @param requeue              when to reconcile again even if nothing changes; null waits for events only
 * @param nextScheduledRunTime status.nextScheduledRunTime to record; null clears it (no schedule, or suspended)
 */
record Decision(SyncJobPhase phase, String reason, String message, RunStatus run, Action action, Duration requeue,
                Instant nextScheduledRunTime) {

    Decision(SyncJobPhase phase, String reason, String message, RunStatus run, Action action, Duration requeue) {
        this(phase, reason, message, run, action, requeue, null);
    }

    enum Action {
        NONE,
        /** Create the run attempt's Job, if a slot is free in the namespace (else the job is Queued). */
        LAUNCH,
        /** Delete the current attempt's Job; the runner gets SIGTERM and commits its checkpoint. */
        DELETE_JOB
    }

    static Decision record(SyncJobPhase phase, String reason, String message, RunStatus run, Duration requeue) {
        return new Decision(phase, reason, message, run, Action.NONE, requeue);
    }

    Decision withSchedule(Instant nextScheduledRunTime, Duration requeue) {
        return new Decision(phase, reason, message, run, action, requeue, nextScheduledRunTime);
    }
}
