package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pgtide.api.RestorePhase;
import io.pgtide.api.RestoreStatus;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.PgtideOperator;
import io.pgtide.operator.testing.Connections;
import io.pgtide.operator.testing.Fixtures;
import io.pgtide.operator.testing.MockKubernetes;
import io.pgtide.operator.testing.SyncJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pgtide.io/restore annotation: one restore Job per request, never beside a run, reported in status.restore. */
class RestoreRequestTest {
    private static final OperatorConfig CONFIG = OperatorConfig.defaults().withQueueRecheckInterval(Duration.ofSeconds(1))
            .withMinRunInterval(Duration.ZERO);
    private static final String BACKUP = "20261129-081530-ab12";

    private static MockKubernetes kube;
    private static KubernetesClient client;
    private static PgtideOperator operator;
    private static Connections connections;
    private static SyncJobs syncJobs;

    @BeforeAll
    static void start() {
        kube = new MockKubernetes();
        client = kube.client();
        operator = PgtideOperator.start(client, CONFIG, false);
        connections = new Connections(client);
        syncJobs = new SyncJobs(client);
    }

    @AfterAll
    static void stop() {
        operator.close();
        kube.close();
    }

    @Test
    void theAnnotationRunsOneRestoreJobAndANewRunWaitsForIt() {
        String ns = kube.newNamespace("restore");
        String runJob = finishedRun(ns);

        annotate(ns, BACKUP);

        SyncJob restoring = awaitRestore(ns, r -> r.getPhase() == RestorePhase.Running);
        Job job = restoreJob(ns, restoring);
        Map<String, String> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).containsEntry(RunnerEnv.RESTORE_BACKUP_ID, BACKUP).containsEntry(RunnerEnv.SYNCJOB_NAME, "orders");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(restoring.getMetadata().getUid()));

        // A new run asked for while the restore writes the target waits for it.
        syncJobs.edit(ns, "orders", j -> {
            j.getSpec().setRerunNonce("again");
            return j;
        });
        SyncJob queued = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Queued);
        assertThat(queued.getStatus().getReason()).isEqualTo(SyncJobStateMachine.RESTORE_IN_PROGRESS);
        assertThat(syncJobs.runnerJobsOf(ns, "orders")).extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder(runJob, job.getMetadata().getName());

        // The runner reports what it restored, then its pod exits 0.
        syncJobs.runnerPatch(ns, "orders", "{\"restore\":{\"result\":\"restored 1 table: 3 rows put back\"}}");
        syncJobs.completeJob(ns, job.getMetadata().getName());

        SyncJob restored = awaitRestore(ns, r -> r.getPhase() == RestorePhase.Succeeded);
        assertThat(restored.getStatus().getRestore().getMessage()).contains(BACKUP).contains("3 rows put back");
        assertThat(restored.getStatus().getRestore().getCompletionTime()).isNotNull();
        syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        await().untilAsserted(() -> assertThat(eventReasons(ns)).contains("RestoreStarted", "RestoreSucceeded"));

        // The annotation stays (as in Git): the restore is not repeated.
        syncJobs.poke(ns, "orders");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(syncJobs.runnerJobsOf(ns, "orders")).hasSize(3));
    }

    @Test
    void aRestoreWaitsForTheActiveRunToFinish() {
        String ns = kube.newNamespace("restore-wait");
        connections.readyPair(ns);
        client.resource(Fixtures.syncJob(ns, "orders", "src", "tgt", "public.orders")).create();
        SyncJob running = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);

        annotate(ns, BACKUP);

        SyncJob pending = awaitRestore(ns, r -> r.getPhase() == RestorePhase.Pending);
        assertThat(pending.getStatus().getRestore().getMessage()).contains("Waiting for the active run");
        assertThat(syncJobs.runnerJobsOf(ns, "orders")).hasSize(1);

        syncJobs.completeJob(ns, running.getStatus().getRun().getJobName());

        awaitRestore(ns, r -> r.getPhase() == RestorePhase.Running);
        assertThat(syncJobs.runnerJobsOf(ns, "orders")).hasSize(2);
    }

    @Test
    void somethingThatCannotBeABackupIdFailsAtOnce() {
        String ns = kube.newNamespace("restore-bad");
        finishedRun(ns);

        annotate(ns, "../../etc; drop table");

        SyncJob failed = awaitRestore(ns, r -> r.getPhase() == RestorePhase.Failed);
        assertThat(failed.getStatus().getRestore().getMessage()).contains("is not a backup id").contains("status.backup.id");
        assertThat(syncJobs.runnerJobsOf(ns, "orders")).hasSize(1);
    }

    @Test
    void aFailedRestoreSaysWhyAndRemovingAndAddingTheAnnotationRetriesIt() {
        String ns = kube.newNamespace("restore-retry");
        finishedRun(ns);
        annotate(ns, BACKUP);
        SyncJob restoring = awaitRestore(ns, r -> r.getPhase() == RestorePhase.Running);
        String first = restoring.getStatus().getRestore().getJobName();
        syncJobs.runnerPatch(ns, "orders", "{\"restore\":{\"result\":\"backup " + BACKUP + " does not exist on the target\"}}");
        syncJobs.failJob(ns, first, JobOutcome.POD_FAILURE_POLICY, "container runner exited with 2");

        SyncJob failed = awaitRestore(ns, r -> r.getPhase() == RestorePhase.Failed);
        assertThat(failed.getStatus().getRestore().getMessage()).contains("does not exist on the target");
        await().untilAsserted(() -> assertThat(eventReasons(ns)).contains("RestoreFailed"));

        annotate(ns, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> syncJobs.get(ns, "orders").getStatus().getRestore() == null);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.batch().v1().jobs().inNamespace(ns).withName(first).get() == null);

        annotate(ns, BACKUP);
        SyncJob again = awaitRestore(ns, r -> r.getPhase() == RestorePhase.Running);
        assertThat(again.getStatus().getRestore().getResult()).isNull();
        assertThat(restoreJob(ns, again).getStatus()).satisfiesAnyOf(
                s -> assertThat(s).isNull(),
                s -> assertThat(s.getConditions()).isNullOrEmpty());
    }

    @Test
    void aRestoreWhoseAnnotationIsRemovedWhileRunningIsFollowedToItsEndThenForgotten() {
        String ns = kube.newNamespace("restore-removed");
        finishedRun(ns);
        annotate(ns, BACKUP);
        SyncJob restoring = awaitRestore(ns, r -> r.getPhase() == RestorePhase.Running);

        annotate(ns, null);
        syncJobs.edit(ns, "orders", j -> {
            j.getSpec().setRerunNonce("after-restore");
            return j;
        });
        syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Queued);
        syncJobs.completeJob(ns, restoring.getStatus().getRestore().getJobName());

        // The restore's end is recorded (and forgotten, the annotation being gone), and the run waiting for it starts.
        syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        await().untilAsserted(() -> assertThat(eventReasons(ns)).contains("RestoreSucceeded"));
        await().atMost(Duration.ofSeconds(30)).until(() -> syncJobs.get(ns, "orders").getStatus().getRestore() == null);
    }

    /** A SyncJob whose first run succeeded; returns its runner Job's name. */
    private static String finishedRun(String ns) {
        connections.readyPair(ns);
        client.resource(Fixtures.syncJob(ns, "orders", "src", "tgt", "public.orders")).create();
        SyncJob running = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        String jobName = running.getStatus().getRun().getJobName();
        syncJobs.completeJob(ns, jobName);
        syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Succeeded);
        return jobName;
    }

    private static void annotate(String ns, String backupId) {
        syncJobs.edit(ns, "orders", j -> {
            if (j.getMetadata().getAnnotations() == null) {
                j.getMetadata().setAnnotations(new HashMap<>());
            }
            if (backupId == null) {
                j.getMetadata().getAnnotations().remove(RestoreStatus.ANNOTATION);
            } else {
                j.getMetadata().getAnnotations().put(RestoreStatus.ANNOTATION, backupId);
            }
            return j;
        });
    }

    private static SyncJob awaitRestore(String ns, Predicate<RestoreStatus> condition) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> syncJobs.get(ns, "orders"),
                j -> j.getStatus() != null && j.getStatus().getRestore() != null && condition.test(j.getStatus().getRestore()));
    }

    private static Job restoreJob(String ns, SyncJob job) {
        return client.batch().v1().jobs().inNamespace(ns).withName(job.getStatus().getRestore().getJobName()).get();
    }

    private static List<String> eventReasons(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems().stream().map(Event::getReason).toList();
    }
}
