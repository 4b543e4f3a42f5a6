package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pgtide.api.Condition;
import io.pgtide.api.ConditionStatus;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.Environment;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.PgtideOperator;
import io.pgtide.operator.status.Conditions;
import io.pgtide.operator.testing.Connections;
import io.pgtide.operator.testing.Fixtures;
import io.pgtide.operator.testing.MockKubernetes;
import io.pgtide.operator.testing.SyncJobs;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.db.Sql;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SyncJobReconcilerTest {
    /** No minimum interval between runs here: SyncJobScheduleTest covers it on a clock it controls. */
    private static final OperatorConfig CONFIG = OperatorConfig.defaults().withQueueRecheckInterval(Duration.ofSeconds(1))
            .withMinRunInterval(Duration.ZERO);

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
    void aRunStartsOneRunnerJobWithTheRunSpecAndCredentialsFromSecrets() {
        String ns = kube.newNamespace("launch");
        connections.readyPair(ns);
        create(ns, "orders");

        SyncJob running = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);

        List<Job> jobs = syncJobs.runnerJobs(ns);
        assertThat(jobs).hasSize(1);
        Job job = jobs.get(0);
        assertThat(job.getMetadata().getName()).isEqualTo(running.getStatus().getRun().getJobName());
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(running.getMetadata().getUid()));
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(RunnerJobFactory.BACKOFF_LIMIT);
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(CONFIG.runnerServiceAccount());
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(CONFIG.runnerImage());
        assertThat(container.getArgs()).containsExactly(RunnerEnv.COMMAND);
        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get(RunnerEnv.RUN_ID).getValue()).isEqualTo(running.getStatus().getRun().getId());
        assertThat(env.get(RunnerEnv.SYNCJOB_NAME).getValue()).isEqualTo("orders");
        assertThat(env.get(RunnerEnv.SYNCJOB_NAMESPACE).getValue()).isEqualTo(ns);
        assertThat(env.get(RunnerEnv.RUN_SPEC).getValue()).contains("\"public.orders\"");
        assertThat(env.get(RunnerEnv.host(RunnerEnv.TARGET)).getValue()).isEqualTo(connections.server().host());
        assertThat(env.get(RunnerEnv.password(RunnerEnv.SOURCE)).getValue()).isNull();
        assertThat(env.get(RunnerEnv.password(RunnerEnv.SOURCE)).getValueFrom().getSecretKeyRef().getName())
                .isEqualTo(Connections.SECRET);
        assertThat(running.getStatus().getRun().getAttempt()).isEqualTo(1);
        assertThat(running.getStatus().getRun().getStartTime()).isNotNull();
        assertThat(running.getStatus().getObservedGeneration()).isEqualTo(running.getMetadata().getGeneration());
        assertThat(condition(running, Condition.RECONCILING).getStatus()).isEqualTo(ConditionStatus.True);
        assertThat(running.getStatus().getConditions()).extracting(Condition::getType).doesNotHaveDuplicates();
    }

    @Test
    void aMissingConnectionBlocksTheJobUntilItAppears() {
        String ns = kube.newNamespace("blocked");
        connections.createSecret(ns);
        connections.create(ns, "src", Environment.Development);
        create(ns, "orders");

        SyncJob blocked = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Blocked);
        assertThat(blocked.getStatus().getReason()).isEqualTo(Blocker.CONNECTION_NOT_FOUND);
        assertThat(blocked.getStatus().getMessage()).contains("'tgt' does not exist");
        assertThat(condition(blocked, Condition.STALLED).getStatus()).isEqualTo(ConditionStatus.True);
        assertThat(syncJobs.runnerJobs(ns)).isEmpty();

        connections.create(ns, "tgt", Environment.Development);

        syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        assertThat(syncJobs.runnerJobs(ns)).hasSize(1);
        assertThat(eventReasons(ns)).contains("SyncBlocked", "RunStarted");
    }

    @Test
    void aProductionTargetNeedsTheConfirmation() {
        String ns = kube.newNamespace("prod");
        connections.createSecret(ns);
        connections.create(ns, "src", Environment.Development);
        connections.create(ns, "tgt", Environment.Production);
        create(ns, "orders");

        SyncJob blocked = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Blocked);
        assertThat(blocked.getStatus().getReason()).isEqualTo(Blocker.CONFIRMATION_REQUIRED);
        assertThat(blocked.getStatus().getMessage()).contains("set spec.productionConfirmation to 'tgt'");

        syncJobs.edit(ns, "orders", j -> {
            j.getSpec().setProductionConfirmation("tgt");
            return j;
        });

        syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        assertThat(syncJobs.runnerJobs(ns)).hasSize(1);
    }

    @Test
    void aDatabaseThatSaysItIsProductionNeedsTheConfirmationWhateverItsConnectionSays() {
        String ns = kube.newNamespace("dbprod");
        try (ScratchDatabase db = TestPostgres.primary().createDatabase("dbprod")) {
            db.execute("ALTER DATABASE " + Sql.ident(db.name()) + " SET pgtide.environment = 'Production'");
            connections.createSecret(ns);
            connections.create(ns, "src", Environment.Development);
            PgUrl server = connections.server();
            DatabaseConnection target = Fixtures.credentialsConnection(ns, "tgt", server.host(), server.port(), db.name(),
                    Connections.SECRET);
            target.getSpec().setEnvironment(Environment.Development);
            client.resource(target).create();
            assertThat(connections.awaitReady(ns, "tgt").getStatus().getDatabaseEnvironment()).isEqualTo("Production");
            create(ns, "orders");

            SyncJob blocked = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Blocked);
            assertThat(blocked.getStatus().getReason()).isEqualTo(Blocker.CONFIRMATION_REQUIRED);
            assertThat(blocked.getStatus().getMessage()).contains("pgtide.environment setting is 'production'")
                    .contains("set spec.productionConfirmation to 'tgt'");
            assertThat(syncJobs.runnerJobs(ns)).isEmpty();

            syncJobs.edit(ns, "orders", j -> {
                j.getSpec().setProductionConfirmation("tgt");
                return j;
            });
            syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        }
    }

    @Test
    void aReadOnlyTargetIsRefused() {
        String ns = kube.newNamespace("readonly");
        connections.readyPair(ns);
        client.resources(DatabaseConnection.class).inNamespace(ns).withName("tgt").edit(c -> {
            c.getSpec().setReadOnly(true);
            return c;
        });
        create(ns, "orders");

        SyncJob blocked = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Blocked);
        assertThat(blocked.getStatus().getReason()).isEqualTo(Blocker.TARGET_READ_ONLY);
    }

    @Test
    void aDryRunLaunchesARunnerJobBecauseTheRunnerPreviews() {
        String ns = kube.newNamespace("dryrun");
        connections.readyPair(ns);
        SyncJob job = Fixtures.syncJob(ns, "preview", "src", "tgt", "public.orders");
        job.getSpec().setDryRun(true);
        client.resource(job).create();

        // The runner computes the preview (status.preview) instead of syncing; the spec is no longer refused.
        SyncJob running = syncJobs.awaitPhase(ns, "preview", SyncJobPhase.Running);
        assertThat(syncJobs.runnerJobs(ns)).hasSize(1);
        syncJobs.runnerPatch(ns, "preview", "{\"preview\":{\"generatedAt\":\"" + Instant.now() + "\",\"tables\":"
                + "[{\"name\":\"public.orders\",\"toInsert\":5,\"toUpdate\":2,\"toDelete\":1,\"unchanged\":90}]}}");
        syncJobs.completeJob(ns, running.getStatus().getRun().getJobName());

        SyncJob done = syncJobs.awaitPhase(ns, "preview", SyncJobPhase.Succeeded);
        assertThat(done.getStatus().getReason()).isEqualTo(RunVerdict.PREVIEW_READY);
        assertThat(done.getStatus().getMessage()).isEqualTo("Dry run, nothing was written: would insert 5, update 2 and"
                + " delete 1 rows in 1 table(s) (90 unchanged); see status.preview");
        assertThat(done.getStatus().getLastSuccessfulRunTime()).isNull();
    }

    @Test
    void aRealRunIsJudgedByItsTablesEvenRightAfterADryRunsPreview() {
        String ns = kube.newNamespace("afterpreview");
        connections.readyPair(ns);
        create(ns, "orders");
        SyncJob running = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        // A dry run's preview, written within the second the real run started (status times are whole seconds).
        syncJobs.runnerPatch(ns, "orders", "{\"preview\":{\"generatedAt\":\"" + Instant.now() + "\",\"tables\":[]},"
                + "\"progress\":{\"updatedAt\":\"" + Instant.now() + "\"},"
                + "\"tables\":[{\"name\":\"public.orders\",\"phase\":\"Succeeded\"}]}");
        syncJobs.completeJob(ns, running.getStatus().getRun().getJobName());

        SyncJob done = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Succeeded);
        assertThat(done.getStatus().getReason()).isEqualTo("RunSucceeded");
        assertThat(done.getStatus().getLastSuccessfulRunTime()).isNotNull();
    }

    @Test
    void beyondThreeRunningJobsTheRestWaitInQueuedFirstComeFirstServed() {
        String ns = kube.newNamespace("queue");
        connections.readyPair(ns);
        for (String name : List.of("job-1", "job-2", "job-3")) {
            create(ns, name);
            syncJobs.awaitPhase(ns, name, SyncJobPhase.Running);
        }
        create(ns, "job-4");

        SyncJob queued = syncJobs.awaitPhase(ns, "job-4", SyncJobPhase.Queued);
        assertThat(queued.getStatus().getReason()).isEqualTo("RunLimitReached");
        assertThat(syncJobs.runnerJobs(ns)).hasSize(3);

        syncJobs.completeJob(ns, syncJobs.get(ns, "job-2").getStatus().getRun().getJobName());

        SyncJob done = syncJobs.awaitPhase(ns, "job-2", SyncJobPhase.Succeeded);
        assertThat(done.getStatus().getRun().getCompletionTime()).isNotNull();
        assertThat(done.getStatus().getLastSuccessfulRunTime()).isNotNull();
        assertThat(condition(done, Condition.READY).getStatus()).isEqualTo(ConditionStatus.True);
        assertThat(condition(done, Condition.COMPLETE).getStatus()).isEqualTo(ConditionStatus.True);
        syncJobs.awaitPhase(ns, "job-4", SyncJobPhase.Running);
        assertThat(syncJobs.runnerJobs(ns)).hasSize(4);
        assertThat(syncJobs.runnerJobsOf(ns, "job-4")).hasSize(1);
    }

    @Test
    void aFailedRunnerJobFailsTheRunWithTheJobsReason() {
        String ns = kube.newNamespace("failed");
        connections.readyPair(ns);
        create(ns, "orders");
        SyncJob running = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);

        syncJobs.failJob(ns, running.getStatus().getRun().getJobName(), "BackoffLimitExceeded",
                "Job has reached the specified backoff limit");

        SyncJob failed = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Failed);
        assertThat(failed.getStatus().getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.getStatus().getMessage()).contains("backoff limit");
        assertThat(condition(failed, Condition.FAILED).getStatus()).isEqualTo(ConditionStatus.True);
        assertThat(condition(failed, Condition.STALLED).getStatus()).isEqualTo(ConditionStatus.True);
        assertThat(condition(failed, Condition.READY).getStatus()).isEqualTo(ConditionStatus.False);
        await().untilAsserted(() -> assertThat(eventReasons(ns)).contains("RunFailed"));
    }

    @Test
    void theRunnersTableResultsDecideAPartialSuccessAndSurviveOperatorWrites() {
        String ns = kube.newNamespace("partial");
        connections.readyPair(ns);
        create(ns, "orders");
        SyncJob running = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        String now = Instant.now().plusSeconds(1).toString();
        syncJobs.runnerPatch(ns, "orders", "{\"progress\":{\"tablesTotal\":2,\"tablesDone\":2,\"percent\":100,\"updatedAt\":\""
                + now + "\"},\"tables\":[{\"name\":\"public.orders\",\"phase\":\"Succeeded\",\"rowsDone\":10},"
                + "{\"name\":\"public.customers\",\"phase\":\"Failed\",\"error\":\"boom\"}]}");

        syncJobs.failJob(ns, running.getStatus().getRun().getJobName(), JobOutcome.POD_FAILURE_POLICY,
                "Container runner for pod exited with code 3 matching FailJob rule at index 0");

        SyncJob partial = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.PartiallySucceeded);
        assertThat(partial.getStatus().getReason()).isEqualTo("TablesFailed");
        assertThat(partial.getStatus().getProgress().getPercent()).isEqualTo(100);
        assertThat(partial.getStatus().getTables()).hasSize(2);
    }

    @Test
    void reconcilingOverAndOverNeverCreatesASecondJob() {
        String ns = kube.newNamespace("idempotent");
        connections.readyPair(ns);
        create(ns, "orders");
        syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);

        // Each runner status patch wakes the reconciler (generation-aware processing is off).
        for (int i = 1; i <= 20; i++) {
            syncJobs.runnerPatch(ns, "orders", "{\"progress\":{\"rowsDone\":" + i * 100 + ",\"percent\":" + i + "}}");
        }

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(syncJobs.runnerJobs(ns)).hasSize(1));
        SyncJob job = syncJobs.get(ns, "orders");
        assertThat(job.getStatus().getPhase()).isEqualTo(SyncJobPhase.Running);
        assertThat(job.getStatus().getProgress().getRowsDone()).isEqualTo(2000);
        assertThat(eventReasons(ns)).containsOnlyOnce("RunStarted");
    }

    @Test
    void suspendStopsTheJobAndResumeRelaunchesTheSameRun() {
        String ns = kube.newNamespace("suspend");
        connections.readyPair(ns);
        create(ns, "orders");
        SyncJob running = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        String runId = running.getStatus().getRun().getId();

        syncJobs.edit(ns, "orders", j -> {
            j.getSpec().setSuspend(true);
            return j;
        });

        SyncJob suspended = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Suspended);
        await().untilAsserted(() -> assertThat(syncJobs.runnerJobs(ns)).isEmpty());
        assertThat(suspended.getStatus().getRun().getCompletionTime()).isNull();

        syncJobs.edit(ns, "orders", j -> {
            j.getSpec().setSuspend(false);
            return j;
        });

        SyncJob resumed = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        assertThat(resumed.getStatus().getRun().getId()).isEqualTo(runId);
        assertThat(resumed.getStatus().getRun().getAttempt()).isEqualTo(2);
        assertThat(resumed.getStatus().getRun().getStartTime()).isEqualTo(running.getStatus().getRun().getStartTime());
        List<Job> jobs = syncJobs.runnerJobs(ns);
        assertThat(jobs).singleElement().satisfies(j -> {
            assertThat(j.getMetadata().getName()).isEqualTo(resumed.getStatus().getRun().getJobName());
            assertThat(j.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                    .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo(RunnerEnv.RUN_ID + "=" + runId));
        });
        assertThat(eventReasons(ns)).contains("RunSuspended", "RunResumed");
    }

    @Test
    void aJobDeletedUnderARunningSyncJobFailsTheRun() {
        String ns = kube.newNamespace("deleted");
        connections.readyPair(ns);
        create(ns, "orders");
        SyncJob running = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);

        client.batch().v1().jobs().inNamespace(ns).withName(running.getStatus().getRun().getJobName()).delete();

        SyncJob failed = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Failed);
        assertThat(failed.getStatus().getReason()).isEqualTo("JobDeleted");
        assertThat(syncJobs.runnerJobs(ns)).isEmpty();
    }

    @Test
    void aNewRerunNonceStartsANewRunAfterAFinishedOne() {
        String ns = kube.newNamespace("rerun");
        connections.readyPair(ns);
        create(ns, "orders");
        SyncJob first = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        syncJobs.completeJob(ns, first.getStatus().getRun().getJobName());
        syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Succeeded);

        syncJobs.edit(ns, "orders", j -> {
            j.getSpec().setRerunNonce("again");
            return j;
        });

        SyncJob second = await().atMost(Duration.ofSeconds(30)).until(() -> syncJobs.get(ns, "orders"),
                j -> j.getStatus().getPhase() == SyncJobPhase.Running
                        && !j.getStatus().getRun().getId().equals(first.getStatus().getRun().getId()));
        assertThat(second.getStatus().getRun().getAttempt()).isEqualTo(1);
        assertThat(second.getStatus().getRun().getCompletionTime()).isNull();
        assertThat(syncJobs.runnerJobsOf(ns, "orders")).hasSize(2);
    }

    @Test
    void anOperatorRestartWhileRunningCreatesNoSecondJob() {
        String ns = kube.newNamespace("restart");
        connections.readyPair(ns);
        create(ns, "orders");
        SyncJob running = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);

        operator.close();
        operator = PgtideOperator.start(client, CONFIG, false);

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(syncJobs.runnerJobs(ns)).hasSize(1));
        syncJobs.completeJob(ns, running.getStatus().getRun().getJobName());
        syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Succeeded);
        assertThat(syncJobs.runnerJobs(ns)).hasSize(1);
    }

    private static void create(String ns, String name) {
        client.resource(Fixtures.syncJob(ns, name, "src", "tgt", "public.orders")).create();
    }

    private static Condition condition(SyncJob job, String type) {
        return Conditions.find(job.getStatus().getConditions(), type).orElseThrow();
    }

    private static List<String> eventReasons(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems().stream().map(Event::getReason).toList();
    }
}
