package io.pgtide.operator.syncjob;

import io.pgtide.api.RunStatus;
import io.pgtide.api.SyncJobPhase;

import java.time.Duration;

/**
 * What the state machine decided: the phase to record, the one action that goes with it, and when
 * to look again.
 *
 * @param run     the run to record; null leaves status.run as it is
 * @param requeue when to reconcile again even if nothing changes; null waits for events only
 */
record Decision(SyncJobPhase phase, String reason, String message, RunStatus run, Action action, Duration requeue) {

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
}
