package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/**
 * What a runner Job's status says: still going, complete, or failed with the Job controller's
 * reason (BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, ...). Only the final
 * {@code Complete} and {@code Failed} conditions count: they are set once the pods have stopped.
 */
record JobOutcome(State state, String reason, String message) {
    enum State { ACTIVE, COMPLETE, FAILED }

    /** The Job controller's reason when a pod failure policy rule (a runner verdict exit code) failed the Job. */
    static final String POD_FAILURE_POLICY = "PodFailurePolicy";

    static JobOutcome of(Job job) {
        if (job.getStatus() != null && job.getStatus().getConditions() != null) {
            for (JobCondition c : job.getStatus().getConditions()) {
                if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
                    return new JobOutcome(State.COMPLETE, "Complete", c.getMessage());
                }
                if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
                    return new JobOutcome(State.FAILED, c.getReason() == null ? "JobFailed" : c.getReason(), c.getMessage());
                }
            }
        }
        return new JobOutcome(State.ACTIVE, null, null);
    }
}
