package io.pgtide.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.pgtide.api.ConnectionPhase;
import io.pgtide.api.ConnectionRef;
import io.pgtide.api.CredentialsSecretRef;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.DatabaseConnectionSpec;
import io.pgtide.api.Environment;
import io.pgtide.api.HealthCheck;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobSpec;
import io.pgtide.api.TableSpec;
import io.pgtide.demo.LocalJobRunner;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.PgtideOperator;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.testing.KubernetesApi;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * Everything an end-to-end test runs against, in this JVM: the mock Kubernetes API (CRUD, CRDs
 * loaded), the real operator (server-side apply off), the {@link LocalJobRunner} executing the runner
 * Jobs the operator creates, and the test PostgreSQL server with scratch databases. One per test class.
 */
final class E2eCluster implements AutoCloseable {
    /** No minimum interval between a SyncJob's runs: scenarios rerun at once (the operator tests cover the interval). */
    static final OperatorConfig CONFIG = OperatorConfig.defaults().withQueueRecheckInterval(Duration.ofSeconds(1))
            .withMinRunInterval(Duration.ZERO);
    static final String SECRET = "pg-credentials";
    /** Generous for a busy 2-core machine, bounded so a hang fails the test instead of the build. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final KubernetesApi api;
    private final KubernetesClient client;
    private final LocalJobRunner kubelet;
    private final PgUrl server;
    private final List<ScratchDatabase> databases = new ArrayList<>();
    private volatile PgtideOperator operator;

    private E2eCluster() {
        api = KubernetesApi.start();
        client = api.client();
        server = PgUrl.parse("test", TestPostgres.primary().url("postgres"), null);
        operator = PgtideOperator.start(client, CONFIG, false);
        kubelet = LocalJobRunner.builder(client)
                .env("PGTIDE_STATUS_INTERVAL", "1s")
                .retryBackoff(Duration.ofMillis(500))
                .start();
    }

    static E2eCluster start() {
        return new E2eCluster();
    }

    KubernetesClient client() {
        return client;
    }

    LocalJobRunner kubelet() {
        return kubelet;
    }

    void stopOperator() {
        operator.close();
    }

    void startOperator() {
        operator = PgtideOperator.start(client, CONFIG, false);
    }

    String namespace(String purpose) {
        String name = purpose + "-" + UUID.randomUUID().toString().substring(0, 6);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /** A source database with the shop's tables and rows. */
    ScratchDatabase source() {
        ScratchDatabase db = track(TestPostgres.primary().createDatabase("e2e_src"));
        Shop.createSchema(db);
        Shop.fill(db);
        return db;
    }

    /** A target database with the shop's tables, empty. */
    ScratchDatabase emptyTarget() {
        ScratchDatabase db = track(TestPostgres.primary().createDatabase("e2e_tgt"));
        Shop.createSchema(db);
        return db;
    }

    private ScratchDatabase track(ScratchDatabase db) {
        synchronized (databases) {
            databases.add(db);
        }
        return db;
    }

    /** The credentials Secret the connections use (as an API server stores it: base64 under data). */
    void createSecret(String namespace, String name) {
        Map<String, String> data = Map.of("username", b64(server.user()), "password", b64("unused-with-trust-auth"));
        client.secrets().resource(new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build())
                .withData(data).build()).create();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    DatabaseConnection connection(String namespace, String name, ScratchDatabase db, Environment environment, String secret) {
        DatabaseConnectionSpec spec = new DatabaseConnectionSpec();
        spec.setHost(server.host());
        spec.setPort(server.port());
        spec.setDatabase(db.name());
        spec.setCredentialsSecretRef(new CredentialsSecretRef(secret));
        spec.setEnvironment(environment);
        HealthCheck health = new HealthCheck();
        health.setIntervalSeconds(10);
        health.setTimeoutSeconds(5);
        spec.setHealthCheck(health);
        DatabaseConnection c = new DatabaseConnection();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        c.setSpec(spec);
        return client.resource(c).create();
    }

    void awaitConnectionReady(String namespace, String name) {
        await().atMost(PATIENCE).until(() -> client.resources(DatabaseConnection.class).inNamespace(namespace)
                .withName(name).get(), c -> c.getStatus() != null && c.getStatus().getPhase() == ConnectionPhase.Ready);
    }

    /** The Secret and two Ready development connections, src and tgt. */
    void readyPair(String namespace, ScratchDatabase source, ScratchDatabase target) {
        createSecret(namespace, SECRET);
        connection(namespace, "src", source, Environment.Development, SECRET);
        connection(namespace, "tgt", target, Environment.Development, SECRET);
        awaitConnectionReady(namespace, "src");
        awaitConnectionReady(namespace, "tgt");
    }

    /** A SyncJob of all shop tables in 1,000-row chunks (the CRD's minimum: resumes have checkpoints to use). */
    SyncJob syncJob(String namespace, String name, String source, String target, UnaryOperator<SyncJobSpec> tweak) {
        SyncJobSpec spec = new SyncJobSpec();
        spec.setSourceRef(new ConnectionRef(source));
        spec.setTargetRef(new ConnectionRef(target));
        spec.setTables(Shop.TABLES.stream().map(TableSpec::new).toList());
        spec.setCheckpointEveryRows(1000);
        SyncJob job = new SyncJob();
        job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        job.setSpec(tweak.apply(spec));
        return client.resource(job).create();
    }

    SyncJob get(String namespace, String name) {
        return client.resources(SyncJob.class).inNamespace(namespace).withName(name).get();
    }

    /**
     * Changes spec fields with a JSON merge patch, as {@code kubectl patch --type merge} does. Not
     * {@code edit()}: that sends the resourceVersion it read, and the runner's status writes make it
     * stale within a second (409 Conflict).
     */
    SyncJob patchSpec(String namespace, String name, Map<String, Object> fields) {
        return client.resources(SyncJob.class).inNamespace(namespace).withName(name).patch(
                PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(Map.of("spec", fields)));
    }

    SyncJob awaitPhase(String namespace, String name, SyncJobPhase phase) {
        return awaitPhase(namespace, name, phase, PATIENCE);
    }

    SyncJob awaitPhase(String namespace, String name, SyncJobPhase phase, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> get(namespace, name),
                j -> j.getStatus() != null && j.getStatus().getPhase() == phase);
    }

    List<Job> runnerJobsOf(String namespace, String syncJob) {
        return client.batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
                .filter(j -> j.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getName().equals(syncJob)))
                .toList();
    }

    @Override
    public void close() {
        kubelet.close();
        operator.close();
        api.close();
        synchronized (databases) {
            databases.forEach(ScratchDatabase::close);
            databases.clear();
        }
    }
}
