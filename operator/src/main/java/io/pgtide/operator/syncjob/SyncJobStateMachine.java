package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.pgtide.api.RunStatus;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobStatus;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.status.Timestamps;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The SyncJob life cycle, one handler per phase. Handlers only decide; the reconciler acts.
 *
 * <pre>
 * phase               leaves to                                   on
 * Pending, Blocked,   Blocked                                     a launch check fails (reason says which)
 *   Queued            Queued (RerunTooSoon)                       the previous run started less than the operator's
 *                                                                   minimum interval ago
 *                     Queued (RestoreInProgress)                  a restore Job (pgtide.io/restore) is running
 *                     Running (or Queued when no slot is free)    all checks pass
 *                     Pending (WaitingForSchedule)                spec.schedule: no run is due yet
 *                     Suspended                                   spec.suspend
 * Running             Succeeded, PartiallySucceeded, Failed,      the runner Job stopped (verdict from the Job and status.tables)
 *                       RolledBack
 *                     Failed (JobDeleted)                         the runner Job disappeared
 *                     Suspended (Job deleted, runner SIGTERMed)   spec.suspend
 * Suspended           Running/Queued/Blocked, same run resumed    spec.suspend false, once the old Job is gone
 * Succeeded, Partially-                                           a new spec.rerunNonce, or the spec.schedule time
 *   Succeeded, Failed, Blocked/Queued/Running                       after the run's end: checks, then a fresh run
 *   RolledBack        Blocked (InvalidSpec)                       spec.schedule is not a valid cron expression
 * </pre>
 * A deleted Job fails the run rather than relaunching it: someone removed it deliberately (or the
 * cluster lost it), and a new rerunNonce restarts the run when that is what the user wants.
 *
 * <p>Schedules work like a CronJob with {@code concurrencyPolicy: Forbid}: the next run is due at the
 * first scheduled time after the last run ended, so times that pass while a run is in progress are
 * skipped, and however many times passed while the operator was down, one run catches up. A scheduled
 * SyncJob's first run waits for the first scheduled time after its creation. A due run's id is
 * derived from that scheduled time, so repeated reconciles agree on its Job name.
 */
final class SyncJobStateMachine {
    /** A safety net behind the Job watch for a Running SyncJob. */
    static final Duration RUNNING_RECHECK = Duration.ofMinutes(5);
    /** A resumed run waits for the old runner pod to stop: two runners must not write the same tables. */
    static final Duration OLD_JOB_RECHECK = Duration.ofSeconds(2);

    /** Pending reason of a scheduled SyncJob with no run due: idle, not work in progress. */
    static final String WAITING_FOR_SCHEDULE = "WaitingForSchedule";
    /** Queued reason of a run held back by the operator's minimum interval between runs. */
    static final String RERUN_TOO_SOON = "RerunTooSoon";
    /** Queued reason of a run waiting for a restore (pgtide.io/restore) of the same SyncJob to finish. */
    static final String RESTORE_IN_PROGRESS = "RestoreInProgress";
    /** Queued reason of a run waiting for a free slot of the per-namespace limit. */
    static final String RUN_LIMIT_REACHED = "RunLimitReached";

    private final Duration waitingRecheck;
    private final Duration minRunInterval;

    SyncJobStateMachine(Duration waitingRecheck, Duration minRunInterval) {
        this.waitingRecheck = waitingRecheck;
        this.minRunInterval = minRunInterval;
    }

    Decision next(Observation o) {
        return withNextScheduledRun(o, switch (o.phase()) {
            case Pending, Blocked, Queued -> waitingToStart(o);
            case Running -> running(o);
            case Suspended -> suspended(o);
            case Succeeded, PartiallySucceeded, Failed, RolledBack -> finished(o);
        });
    }

    /** The launch was decided, but every slot of the namespace is taken: wait in Queued. */
    Decision noFreeSlot(Observation o, int maxRunning) {
        return withNextScheduledRun(o, Decision.record(SyncJobPhase.Queued, RUN_LIMIT_REACHED, maxRunning
                + " SyncJobs are already running or queued ahead in this namespace (the operator's limit);"
                + " this one starts when a slot frees", null, waitingRecheck));
    }

    /** Pending, Blocked and Queued: check everything again, then launch. */
    private Decision waitingToStart(Observation o) {
        if (o.suspendRequested()) {
            return Decision.record(SyncJobPhase.Suspended, "Suspended", "spec.suspend is true: no run starts",
                    null, null);
        }
        return startOrWait(o);
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
        RunVerdict verdict = RunVerdict.of(outcome, o.status(), Timestamps.parse(run.getStartTime()),
                RunnerJobFactory.isDryRun(o.runnerJob().get()));
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
        return startOrWait(o);
    }

    /** A finished run stays finished until spec.rerunNonce or spec.schedule asks for a new one. */
    private Decision finished(Observation o) {
        if (o.suspendRequested()) {
            return unchanged(o, null);
        }
        Optional<Blocker> invalidSchedule = LaunchValidator.checkSchedule(o.syncJob().getSpec());
        if (invalidSchedule.isPresent()) {
            return blocked(invalidSchedule.get());
        }
        return runToStart(o).map(run -> launchIfValid(o, run)).orElseGet(() -> unchanged(o, null));
    }

    private Decision startOrWait(Observation o) {
        Optional<Blocker> invalidSchedule = LaunchValidator.checkSchedule(o.syncJob().getSpec());
        if (invalidSchedule.isPresent()) {
            return blocked(invalidSchedule.get());
        }
        Optional<RunStatus> run = runToStart(o);
        if (run.isPresent()) {
            return launchIfValid(o, run.get());
        }
        if (o.schedule().isPresent()) {
            Instant next = nextScheduledRunTime(o, o.run().orElse(null));
            return Decision.record(SyncJobPhase.Pending, WAITING_FOR_SCHEDULE, "Waiting for spec.schedule: the next run"
                    + " starts at " + Timestamps.format(next), null, null);
        }
        // Only reached when spec.rerunNonce went back to the last run's value before the new run could
        // start: its id, hence its Job name, is the last run's, and that Job's outcome is reported again.
        return launchIfValid(o, newRun(o, null));
    }

    /**
     * The run wanted now, if any: the open run resumed (after a suspend), a new run for a changed
     * spec.rerunNonce, the first run of an unscheduled SyncJob, or the run the schedule made due.
     */
    private Optional<RunStatus> runToStart(Observation o) {
        Optional<RunStatus> last = o.run();
        if (last.isEmpty()) {
            return o.schedule().isPresent() ? scheduledRunDue(o) : Optional.of(newRun(o, null));
        }
        if (o.nonceChanged()) {
            return Optional.of(newRun(o, null));
        }
        if (last.get().getCompletionTime() == null) {
            return Optional.of(resumed(last.get(), o));
        }
        return scheduledRunDue(o);
    }

    private Optional<RunStatus> scheduledRunDue(Observation o) {
        Instant next = nextScheduledRunTime(o, o.run().orElse(null));
        return next == null || next.isAfter(o.now()) ? Optional.empty() : Optional.of(newRun(o, Timestamps.format(next)));
    }

    private Decision launchIfValid(Observation o, RunStatus run) {
        Optional<Blocker> blocker = LaunchValidator.check(o.syncJob(), o.source(), o.target());
        if (blocker.isPresent()) {
            return blocked(blocker.get());
        }
        if (o.restoreRunning()) {
            return Decision.record(SyncJobPhase.Queued, RESTORE_IN_PROGRESS, "Restore Job "
                    + o.status().getRestore().getJobName() + " is restoring the target; the run starts after it",
                    null, waitingRecheck);
        }
        Optional<Instant> previousStart = o.run().filter(previous -> !previous.getId().equals(run.getId()))
                .map(previous -> Timestamps.parse(previous.getStartTime()));
        if (previousStart.isPresent() && o.now().isBefore(previousStart.get().plus(minRunInterval))) {
            Instant earliest = previousStart.get().plus(minRunInterval);
            return Decision.record(SyncJobPhase.Queued, RERUN_TOO_SOON, "The previous run started at "
                    + Timestamps.format(previousStart.get()) + " and runs start at least " + minRunInterval.toSeconds()
                    + " s apart (operator setting " + OperatorConfig.MIN_RUN_INTERVAL_SECONDS + "): this run starts at "
                    + Timestamps.format(earliest), null, Duration.between(o.now(), earliest));
        }
        String scheduled = run.getScheduledTime() == null ? "" : " for the scheduled time " + run.getScheduledTime();
        return new Decision(SyncJobPhase.Running, "JobRunning", "Runner Job " + run.getJobName() + " is running"
                + scheduled
                + (run.getAttempt() > 1 ? " (attempt " + run.getAttempt() + ", resuming from the last checkpoint)" : ""),
                run, Decision.Action.LAUNCH, RUNNING_RECHECK);
    }

    private Decision blocked(Blocker blocker) {
        return Decision.record(SyncJobPhase.Blocked, blocker.reason(), blocker.message(), null, waitingRecheck);
    }

    /**
     * Records when the schedule starts the next run and makes sure a reconcile happens then: the
     * first scheduled time after the end of the run the decision leaves in status (see the class
     * comment). A time already past means a run is due and waits (Blocked or Queued) for what status
     * says; the decision's own requeue covers that.
     */
    private static Decision withNextScheduledRun(Observation o, Decision decision) {
        Instant next = nextScheduledRunTime(o, decision.run() != null ? decision.run() : o.run().orElse(null));
        if (next == null || !next.isAfter(o.now())) {
            return decision.withSchedule(next, decision.requeue());
        }
        Duration untilNext = Duration.between(o.now(), next);
        Duration requeue = decision.requeue() == null || untilNext.compareTo(decision.requeue()) < 0
                ? untilNext : decision.requeue();
        return decision.withSchedule(next, requeue);
    }

    /**
     * The scheduled time of the next run, given the current or last run: the first one after the
     * run ended, after now while it is open (times passing during a run are skipped), or after the
     * SyncJob's creation before its first run. None without a valid schedule, or while spec.suspend
     * holds every run back.
     */
    private static Instant nextScheduledRunTime(Observation o, RunStatus run) {
        Optional<CronSchedule> schedule = o.schedule();
        if (schedule.isEmpty() || o.suspendRequested()) {
            return null;
        }
        Instant after = run == null ? o.created()
                : run.getCompletionTime() == null ? o.now() : Timestamps.parse(run.getCompletionTime());
        return schedule.get().nextAfter(after);
    }

    /** A new run, its id derived from the nonce and, for a run the schedule started, its scheduled time. */
    private static RunStatus newRun(Observation o, String scheduledTime) {
        RunStatus run = new RunStatus();
        run.setId(o.runId(scheduledTime));
        run.setAttempt(1);
        run.setJobName(RunIds.jobName(o.syncJob().getMetadata().getName(), run.getId(), 1));
        run.setStartTime(Timestamps.format(o.now()));
        run.setScheduledTime(scheduledTime);
        return run;
    }

    /** The open run once more, with the next attempt's Job; the runner resumes from its checkpoints. */
    private static RunStatus resumed(RunStatus open, Observation o) {
        RunStatus run = copy(open);
        run.setAttempt(open.getAttempt() + 1);
        run.setJobName(RunIds.jobName(o.syncJob().getMetadata().getName(), open.getId(), run.getAttempt()));
        return run;
    }

    private static RunStatus completed(RunStatus run, Observation o) {
        RunStatus done = copy(run);
        done.setCompletionTime(Timestamps.format(o.now()));
        return done;
    }

    private static RunStatus copy(RunStatus run) {
        RunStatus copy = new RunStatus();
        copy.setId(run.getId());
        copy.setAttempt(run.getAttempt());
        copy.setJobName(run.getJobName());
        copy.setStartTime(run.getStartTime());
        copy.setCompletionTime(run.getCompletionTime());
        copy.setScheduledTime(run.getScheduledTime());
        return copy;
    }

    private static Decision unchanged(Observation o, Duration requeue) {
        SyncJobStatus s = o.status();
        return Decision.record(o.phase(), s.getReason(), s.getMessage(), null, requeue);
    }
}
