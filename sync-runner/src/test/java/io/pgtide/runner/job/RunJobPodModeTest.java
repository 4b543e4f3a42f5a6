package io.pgtide.runner.job;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.pgtide.api.Condition;
import io.pgtide.api.ConditionStatus;
import io.pgtide.api.Preview;
import io.pgtide.api.Progress;
import io.pgtide.api.RunStatus;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobSpec;
import io.pgtide.api.SyncJobStatus;
import io.pgtide.api.TablePhase;
import io.pgtide.api.TablePreview;
import io.pgtide.api.TableStatus;
import io.pgtide.runner.cli.SyncRunnerMain;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.sync.CancelToken;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.KubernetesApi;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run-job} as a runner pod runs it: the environment the operator sets, the fabric8 mock API
 * server ({@link KubernetesApi}: CRUD mode, the generated CRDs loaded so {@code /status} is a
 * subresource) and real PostgreSQL. The runner must write status.progress and status.tables and leave the operator's
 * fields exactly as they were.
 */
class RunJobPodModeTest {
    private static KubernetesApi api;
    private static KubernetesClient client;

    private final KubernetesSerialization serialization = SyncJobManifest.serialization();
    private ScratchDatabase source;
    private ScratchDatabase target;
    private String namespace;

    @BeforeAll
    static void startApi() {
        api = KubernetesApi.start();
        client = api.client();
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @BeforeEach
    void setUp() {
        namespace = "pod-" + UUID.randomUUID().toString().substring(0, 8);
        source = TestPostgres.primary().createDatabase("pod_src");
        target = TestPostgres.primary().createDatabase("pod_tgt");
        String schema = """
                CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total int NOT NULL);
                """;
        source.execute(schema + """
                INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 200) g;
                INSERT INTO orders SELECT g, 1 + g % 200, g FROM generate_series(1, 4000) g;
                """);
        target.execute(schema + "INSERT INTO customers VALUES (1, 'c1'), (2, 'old name');");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void syncsAndWritesProgressAndTablesButNoOperatorField() {
        SyncJob job = createSyncJob("copy-shop", """
                {"sourceRef": {"name": "staging"}, "targetRef": {"name": "dev"},
                 "backup": {"policy": "Disabled"}, "checkpointEveryRows": 1000,
                 "tables": [{"name": "orders"}, {"name": "public.customers"}]}""");
        SyncJobStatus operatorStatus = job.getStatus();
        api.takeRequests();

        Cli.Result r = runJob(env("copy-shop", job.getSpec()), new CancelToken());

        assertThat(r.exitCode()).as(r.all()).isZero();
        // Only merge patches of the status subresource: the runner's ServiceAccount needs nothing else.
        assertThat(api.takeRequests()).hasSizeGreaterThanOrEqualTo(2)
                .containsOnly("PATCH /apis/pgtide.io/v1alpha1/namespaces/" + namespace + "/syncjobs/copy-shop/status");
        assertThat(target.checksum("customers", "id")).isEqualTo(source.checksum("customers", "id"));
        assertThat(target.checksum("orders", "id")).isEqualTo(source.checksum("orders", "id"));

        SyncJobStatus status = fetch("copy-shop").getStatus();
        Progress progress = status.getProgress();
        assertThat(progress.getTablesTotal()).isEqualTo(2);
        assertThat(progress.getTablesDone()).isEqualTo(2);
        assertThat(progress.getRowsDone()).isEqualTo(4200);
        assertThat(progress.getPercent()).isEqualTo(100);
        assertThat(progress.getEtaSeconds()).isZero();
        assertThat(progress.getUpdatedAt()).isNotBlank();
        // Named as in spec.tables, in that order.
        assertThat(status.getTables()).extracting(TableStatus::getName).containsExactly("orders", "public.customers");
        TableStatus orders = status.getTables().get(0);
        assertThat(orders.getPhase()).isEqualTo(TablePhase.Succeeded);
        assertThat(orders.getRowsDone()).isEqualTo(4000);
        assertThat(orders.getInserted()).isEqualTo(4000);
        TableStatus customers = status.getTables().get(1);
        assertThat(customers.getPhase()).isEqualTo(TablePhase.Succeeded);
        assertThat(customers.getRowsDone()).isEqualTo(200);
        assertThat(customers.getInserted()).isEqualTo(198);
        assertThat(customers.getUpdated()).isEqualTo(1);
        assertThat(customers.getUnchanged()).isEqualTo(1);
        assertThat(customers.getError()).isNull();

        assertOperatorFieldsUnchanged(status, operatorStatus);
        // Trust authentication ignores the password; it must show up nowhere.
        assertThat(r.all()).doesNotContain("pod-secret");
    }

    @Test
    void aSpecTheRunnerCannotRunFailsWithTheReasonInTheStatus() {
        SyncJob job = createSyncJob("bad-shop", """
                {"sourceRef": {"name": "staging"}, "targetRef": {"name": "dev"}, "mode": "Truncate", "deleteMissing": true,
                 "tables": [{"name": "customers"}]}""");
        String before = target.checksum("customers", "id");

        Cli.Result r = runJob(env("bad-shop", job.getSpec()), new CancelToken());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(target.checksum("customers", "id")).isEqualTo(before);
        SyncJobStatus status = fetch("bad-shop").getStatus();
        assertThat(status.getTables()).singleElement().satisfies(t -> {
            assertThat(t.getName()).isEqualTo("customers");
            assertThat(t.getPhase()).isEqualTo(TablePhase.Failed);
            assertThat(t.getError()).contains("deleteMissing needs mode Merge");
        });
        assertOperatorFieldsUnchanged(status, job.getStatus());
    }

    @Test
    void aDryRunWritesThePreviewIntoTheStatusAndNothingIntoTheTarget() {
        target.execute("INSERT INTO customers VALUES (500, 'target only');");
        SyncJob job = createSyncJob("preview-shop", """
                {"sourceRef": {"name": "staging"}, "targetRef": {"name": "dev"}, "dryRun": true, "deleteMissing": true,
                 "tables": [{"name": "orders"}, {"name": "customers"}]}""");
        String customersBefore = target.checksum("customers", "id");
        String ordersBefore = target.checksum("orders", "id");
        api.takeRequests();

        Cli.Result r = runJob(env("preview-shop", job.getSpec()), new CancelToken());

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("dryRun: true: computing a preview");
        assertThat(api.takeRequests()).containsOnly("PATCH /apis/pgtide.io/v1alpha1/namespaces/" + namespace
                + "/syncjobs/preview-shop/status");
        assertThat(target.checksum("customers", "id")).isEqualTo(customersBefore);
        assertThat(target.checksum("orders", "id")).isEqualTo(ordersBefore);
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();

        SyncJobStatus status = fetch("preview-shop").getStatus();
        Preview preview = status.getPreview();
        assertThat(preview.getSummary()).isEqualTo("+4,198 ~1 -1 =1 in 2 tables");
        assertThat(preview.getGeneratedAt()).isNotBlank();
        // Parents first, as the sync would go.
        assertThat(preview.getTables()).extracting(TablePreview::getName).containsExactly("public.customers", "public.orders");
        TablePreview customers = preview.getTables().get(0);
        assertThat(customers.getToInsert()).isEqualTo(198);
        assertThat(customers.getToUpdate()).isEqualTo(1);
        assertThat(customers.getToDelete()).isEqualTo(1);
        assertThat(customers.getUnchanged()).isEqualTo(1);
        assertThat(customers.getToSkip()).isZero();
        assertThat(customers.getSamples().getUpdate()).containsExactly("2");
        assertThat(customers.getSamples().getDelete()).containsExactly("500");
        assertThat(customers.getSamples().getInsert()).hasSize(5);
        assertThat(customers.getSampleKeys()).hasSize(5);
        assertThat(preview.getTables().get(1).getToInsert()).isEqualTo(4000);
        assertOperatorFieldsUnchanged(status, job.getStatus());

        // What the preview said is what the sync then does.
        SyncJob real = createSyncJob("real-shop", """
                {"sourceRef": {"name": "staging"}, "targetRef": {"name": "dev"}, "deleteMissing": true,
                 "backup": {"policy": "Disabled"}, "tables": [{"name": "orders"}, {"name": "customers"}]}""");
        Cli.Result synced = runJob(env("real-shop", real.getSpec()), new CancelToken());
        assertThat(synced.exitCode()).as(synced.all()).isZero();
        TableStatus done = fetch("real-shop").getStatus().getTables().stream()
                .filter(t -> t.getName().equals("customers")).findFirst().orElseThrow();
        assertThat(List.of(done.getInserted(), done.getUpdated(), done.getDeleted(), done.getUnchanged()))
                .containsExactly(customers.getToInsert(), customers.getToUpdate(), customers.getToDelete(), customers.getUnchanged());
    }

    @Test
    void aTerminationSignalCommitsTheCheckpointAndExitsInterrupted() {
        SyncJob job = createSyncJob("suspend-shop", """
                {"sourceRef": {"name": "staging"}, "targetRef": {"name": "dev"},
                 "backup": {"policy": "Disabled"}, "tables": [{"name": "customers"}, {"name": "orders"}]}""");
        // What SyncRunnerMain's shutdown hook does on SIGTERM; here before the engine starts, so
        // the run stops at its first safe point.
        CancelToken cancel = new CancelToken();
        cancel.cancel("stopped by a termination signal");

        Cli.Result r = runJob(env("suspend-shop", job.getSpec()), cancel);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(4);
        SyncJobStatus status = fetch("suspend-shop").getStatus();
        assertThat(status.getTables()).extracting(TableStatus::getPhase).containsOnly(TablePhase.Pending);
        assertThat(status.getProgress().getTablesDone()).isZero();
        assertThat(status.getProgress().getPercent()).isLessThan(100);
        assertOperatorFieldsUnchanged(status, job.getStatus());

        // The next pod of the same run resumes and finishes.
        Cli.Result resumed = runJob(env("suspend-shop", job.getSpec()), new CancelToken());
        assertThat(resumed.exitCode()).as(resumed.all()).isZero();
        assertThat(target.checksum("orders", "id")).isEqualTo(source.checksum("orders", "id"));
        assertThat(fetch("suspend-shop").getStatus().getTables()).extracting(TableStatus::getPhase)
                .containsOnly(TablePhase.Succeeded);
    }

    /** A SyncJob as the operator leaves it when it starts a run: Running, a condition, a run id. */
    private SyncJob createSyncJob(String name, String specJson) {
        SyncJob job = new SyncJob();
        job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        job.setSpec(SyncJobManifest.spec(specJson, "test"));
        client.resource(job).create();

        SyncJobStatus status = new SyncJobStatus();
        status.setPhase(SyncJobPhase.Running);
        status.setObservedGeneration(1L);
        status.setMessage("run 1 started");
        Condition reconciling = new Condition();
        reconciling.setType("Reconciling");
        reconciling.setStatus(ConditionStatus.True);
        reconciling.setReason("Running");
        reconciling.setLastTransitionTime("2025-01-01T00:00:00Z");
        status.setConditions(List.of(reconciling));
        RunStatus run = new RunStatus();
        run.setId("run-1");
        run.setAttempt(1);
        run.setJobName(name + "-run-1");
        run.setStartTime("2025-01-01T00:00:00Z");
        status.setRun(run);
        return client.resources(SyncJob.class).inNamespace(namespace).withName(name).editStatus(j -> {
            j.setStatus(status);
            return j;
        });
    }

    private Map<String, String> env(String name, SyncJobSpec spec) {
        Map<String, String> env = new HashMap<>();
        env.put("PGTIDE_SYNCJOB_NAMESPACE", namespace);
        env.put("PGTIDE_SYNCJOB_NAME", name);
        env.put("PGTIDE_RUN_ID", "run-1");
        env.put("PGTIDE_RUN_SPEC", serialization.asJson(spec));
        env.put("PGTIDE_STATUS_INTERVAL", "300ms");
        // The source as host/port/database fields, the target as a whole URL: both forms of the contract.
        PgUrl src = PgUrl.parse("source", source.url(), null);
        env.put("PGTIDE_SOURCE_HOST", src.host());
        env.put("PGTIDE_SOURCE_PORT", String.valueOf(src.port()));
        env.put("PGTIDE_SOURCE_DATABASE", src.database());
        env.put("PGTIDE_SOURCE_SSLMODE", "disable");
        env.put("PGTIDE_SOURCE_USER", src.user());
        env.put("PGTIDE_SOURCE_PASSWORD", src.password() != null ? src.password() : "pod-secret");
        env.put("PGTIDE_TARGET_URL", target.url());
        return env;
    }

    private Cli.Result runJob(Map<String, String> env, CancelToken cancel) {
        return Cli.runJob(env, api::newClient, cancel);
    }

    private SyncJob fetch(String name) {
        return client.resources(SyncJob.class).inNamespace(namespace).withName(name).get();
    }

    /** Everything but the runner's fields is as the operator wrote it. */
    private void assertOperatorFieldsUnchanged(SyncJobStatus after, SyncJobStatus operatorStatus) {
        SyncJobStatus operatorPart = serialization.clone(after);
        operatorPart.setProgress(null);
        operatorPart.setTables(null);
        operatorPart.setBackup(null);
        operatorPart.setPreview(null);
        assertThat(serialization.asJson(operatorPart)).isEqualTo(serialization.asJson(operatorStatus));
        assertThat(after.getPhase()).isEqualTo(SyncJobPhase.Running);
        assertThat(after.getRun().getId()).isEqualTo("run-1");
        assertThat(after.getConditions()).singleElement().satisfies(c -> assertThat(c.getType()).isEqualTo("Reconciling"));
    }
}
