package io.pgtide.operator.testing;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * SyncJob and runner Job helpers. With no kubelet behind the mock API, tests play the Job
 * controller (by patching a Job's status) and the runner (by patching the SyncJob's runner fields).
 */
public final class SyncJobs {
    private final KubernetesClient client;

    public SyncJobs(KubernetesClient client) {
        this.client = client;
    }

    public SyncJob get(String namespace, String name) {
        return client.resources(SyncJob.class).inNamespace(namespace).withName(name).get();
    }

    public SyncJob edit(String namespace, String name, UnaryOperator<SyncJob> change) {
        return client.resources(SyncJob.class).inNamespace(namespace).withName(name).edit(change);
    }

    public SyncJob awaitPhase(String namespace, String name, SyncJobPhase phase) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> get(namespace, name),
                j -> j.getStatus() != null && j.getStatus().getPhase() == phase);
    }

    public List<Job> runnerJobs(String namespace) {
        return client.batch().v1().jobs().inNamespace(namespace).list().getItems();
    }

    public List<Job> runnerJobsOf(String namespace, String syncJob) {
        return runnerJobs(namespace).stream()
                .filter(j -> j.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getName().equals(syncJob)))
                .toList();
    }

    /** What the Job controller writes when the pod exited 0. */
    public void completeJob(String namespace, String jobName) {
        setJobCondition(namespace, jobName, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
    }

    /** What the Job controller writes when it gives up, e.g. BackoffLimitExceeded or DeadlineExceeded. */
    public void failJob(String namespace, String jobName, String reason, String message) {
        setJobCondition(namespace, jobName, "Failed", reason, message);
    }

    private void setJobCondition(String namespace, String jobName, String type, String reason, String message) {
        client.batch().v1().jobs().inNamespace(namespace).withName(jobName).editStatus(job -> {
            job.setStatus(new JobStatusBuilder()
                    .withSucceeded("Complete".equals(type) ? 1 : 0)
                    .withFailed("Failed".equals(type) ? 1 : 0)
                    .withConditions(new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
                            .withMessage(message).build())
                    .build());
            return job;
        });
    }

    /**
     * Wakes the reconciler up, as its requeue timer would once a test clock reaches the time the
     * timer was set for (timers run on real time).
     */
    public void poke(String namespace, String name) {
        client.resources(SyncJob.class).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"test.pgtide.io/poked\":\"" + System.nanoTime() + "\"}}}");
    }

    /** A merge patch of runner-owned status fields, as the runner's pod mode sends it. */
    public void runnerPatch(String namespace, String name, String statusJson) {
        client.resources(SyncJob.class).inNamespace(namespace).withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":" + statusJson + "}");
    }
}
