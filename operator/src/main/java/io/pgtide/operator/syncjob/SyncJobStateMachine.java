package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.pgtide.api.RunStatus;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobStatus;
import io.pgtide.operator.status.Timestamps;

import java.time.Duration;
import java.util.Optional;

/**
 * The SyncJob life cycle, one handler per phase. Handlers only decide; the reconciler acts.
 *
 * <pre>
 * phase               leaves to                                   on
 * Pending, Blocked,   Blocked                                     a launch check fails (reason says which)
 *   Queued            Running (or Queued when no slot is free)    all checks pass
 *                     Suspended                                   spec.suspend
 * Running             Succeeded, PartiallySucceeded, Failed,      the runner Job stopped (verdict from the Job and status.tables)
 *                       RolledBack
 *                     Failed (JobDeleted)                         the runner Job disappeared
 *                     Suspended (Job deleted, runner SIGTERMed)   spec.suspend
 * Suspended           Running/Queued/Blocked, same run resumed    spec.suspend false, once the old Job is gone
 * Succeeded, Partially-                                           a new spec.rerunNonce (a new run id):
 *   Succeeded, Failed, Blocked/Queued/Running                       checks, then a fresh run
 *   RolledBack
 * </pre>
 * A deleted Job fails the run rather than relaunching it: someone removed it deliberately (or the
 * cluster lost it), and a new rerunNonce restarts the run when that is what the user wants.
 */
final class SyncJobStateMachine {
    /** A safety net behind the Job watch for a Running SyncJob. */
    static final Duration RUNNING_RECHECK = Duration.ofMinutes(5);
    /** A resumed run waits for the old runner pod to stop: two runners must not write the same tables. */
    static final Duration OLD_JOB_RECHECK = Duration.ofSeconds(2);

    private final Duration waitingRecheck;

    SyncJobStateMachine(Duration waitingRecheck) {
        this.waitingRecheck = waitingRecheck;
    }

    /** How often a Blocked or Queued SyncJob looks again. */
    Duration waitingRecheck() {
        return waitingRecheck;
    }

    Decision next(Observation o) {
        return switch (o.phase()) {
            case Pending, Blocked, Queued -> waitingToStart(o);
            case Running -> running(o);
            case Suspended -> suspended(o);
            case Succeeded, PartiallySucceeded, Failed, RolledBack -> finished(o);
        };
    }

    /** Pending, Blocked and Queued: check everything again, then launch. */
    private Decision waitingToStart(Observation o) {
        if (o.suspendRequested()) {
            return Decision.record(SyncJobPhase.Suspended, "Suspended", "spec.suspend is true: no run starts",
                    null, null);
        }
        return launchIfValid(o);
    }

    private Decision running(Observation o) {
        RunStatus run = o.run().orElseThrow(() -> new IllegalStateException("a Running SyncJob has status.run"));
        if (o.runnerJob().isEmpty()) {
            return Decision.record(SyncJobPhase.Failed, "JobDeleted", "The runner Job " + run.getJobName()
                            + " was deleted while the run was active; set a new spec.rerunNonce to run again",
                    completed(run, o), null);
        }
        if (o.suspendRequested()) {
            return new Decision(SyncJobPhase.Suspended, "Suspended", "Stopped at a checkpoint by spec.suspend;"
                    + " set it to false to resume", run, Decision.Action.DELETE_JOB, null);
        }
        JobOutcome outcome = JobOutcome.of(o.runnerJob().get());
        if (outcome.state() == JobOutcome.State.ACTIVE) {
            return unchanged(o, RUNNING_RECHECK);
        }
        RunVerdict verdict = RunVerdict.of(outcome, o.status(), Timestamps.parse(run.getStartTime()));
        return Decision.record(verdict.phase(), verdict.reason(), verdict.message(), completed(run, o), null);
    }

    private Decision suspended(Observation o) {
        Optional<Job> oldJob = o.runnerJob();
        if (o.suspendRequested()) {
            boolean stillRunning = oldJob.isPresent() && oldJob.get().getMetadata().getDeletionTimestamp() == null;
            return stillRunning
                    ? new Decision(SyncJobPhase.Suspended, o.status().getReason(), o.status().getMessage(), null,
                    Decision.Action.DELETE_JOB, null)
                    : unchanged(o, null);
        }
        if (oldJob.isPresent()) {
            return Decision.record(SyncJobPhase.Suspended, "Resuming", "Waiting for runner Job "
                    + oldJob.get().getMetadata().getName() + " to stop before resuming", null, OLD_JOB_RECHECK);
        }
        return launchIfValid(o);
    }

    /** A finished run stays finished until spec.rerunNonce asks for a new one. */
    private Decision finished(Observation o) {
        boolean newRunWanted = o.run().map(r -> !o.wantedRunId().equals(r.getId())).orElse(true);
        if (!newRunWanted || o.suspendRequested()) {
            return unchanged(o, null);
        }
        return launchIfValid(o);
    }

    private Decision launchIfValid(Observation o) {
        Optional<Blocker> blocker = LaunchValidator.check(o.syncJob(), o.source(), o.target());
        if (blocker.isPresent()) {
            return Decision.record(SyncJobPhase.Blocked, blocker.get().reason(), blocker.get().message(), null,
                    waitingRecheck);
        }
        RunStatus run = nextRun(o);
        return new Decision(SyncJobPhase.Running, "JobRunning", "Runner Job " + run.getJobName() + " is running"
                + (run.getAttempt() > 1 ? " (attempt " + run.getAttempt() + ", resuming from the last checkpoint)" : ""),
                run, Decision.Action.LAUNCH, RUNNING_RECHECK);
    }

    /**
     * The same run once more (after a suspend) while it has not completed and the nonce is unchanged,
     * else a new run. Both are computed from the status alone, so a repeated reconcile gets the same
     * Job name.
     */
    private static RunStatus nextRun(Observation o) {
        String id = o.wantedRunId();
        Optional<RunStatus> open = o.run().filter(r -> id.equals(r.getId()) && r.getCompletionTime() == null);
        RunStatus run = new RunStatus();
        run.setId(id);
        run.setAttempt(open.map(r -> r.getAttempt() + 1).orElse(1));
        run.setJobName(RunIds.jobName(o.syncJob().getMetadata().getName(), id, run.getAttempt()));
        run.setStartTime(open.map(RunStatus::getStartTime).orElse(Timestamps.format(o.now())));
        return run;
    }

    private static RunStatus completed(RunStatus run, Observation o) {
        RunStatus done = new RunStatus();
        done.setId(run.getId());
        done.setAttempt(run.getAttempt());
        done.setJobName(run.getJobName());
        done.setStartTime(run.getStartTime());
        done.setCompletionTime(Timestamps.format(o.now()));
        return done;
    }

    private static Decision unchanged(Observation o, Duration requeue) {
        SyncJobStatus s = o.status();
        return Decision.record(o.phase(), s.getReason(), s.getMessage(), null, requeue);
    }
}
