package io.pgtide.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Resources survive YAML and JSON round trips through the model, and status writes carry only what was set. */
class SerializationRoundTripTest {
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @Test
    void aFullSyncJobRoundTrips() throws Exception {
        SyncJob job = sampleSyncJob();

        String yaml = serialization.asYaml(job);
        SyncJob back = serialization.unmarshal(yaml, SyncJob.class);

        assertThat(serialization.asYaml(back)).isEqualTo(yaml);
        JsonNode tree = Crds.YAML.readTree(yaml);
        assertThat(tree.at("/apiVersion").asText()).isEqualTo("pgtide.io/v1alpha1");
        assertThat(tree.at("/kind").asText()).isEqualTo("SyncJob");
        assertThat(tree.at("/spec/tables/1/mode").asText()).isEqualTo("Append");
        assertThat(tree.at("/spec/conflict").asText()).isEqualTo("SourceWins");
        assertThat(tree.at("/status/phase").asText()).isEqualTo("Running");
        assertThat(tree.at("/status/progress/percent").asInt()).isEqualTo(42);
        assertThat(back.getSpec().getTables().get(1).getKey()).containsExactly("order_id", "seq");
        assertThat(back.getStatus().getConditions().get(0).getStatus()).isEqualTo(ConditionStatus.True);
    }

    @Test
    void theRoundTrippedSyncJobStillPassesTheCrd() throws Exception {
        JsonNode tree = Crds.YAML.readTree(serialization.asYaml(sampleSyncJob()));

        assertThat(new SchemaValidator(Crds.schema(SyncJob.class)).validate(tree)).isEmpty();
        assertThat(new CelRules(Crds.schema(SyncJob.class)).validate(tree)).isEmpty();
    }

    @Test
    void aDatabaseConnectionRoundTripsWithItsEnumSpellings() throws Exception {
        DatabaseConnection connection = new DatabaseConnection();
        connection.setMetadata(new ObjectMetaBuilder().withName("shop-production").withNamespace("shop").build());
        DatabaseConnectionSpec spec = new DatabaseConnectionSpec();
        spec.setHost("db.example.com");
        spec.setDatabase("shop");
        spec.setSslMode(SslMode.VERIFY_FULL);
        spec.setEnvironment(Environment.Production);
        spec.setCredentialsSecretRef(new CredentialsSecretRef("shop-credentials"));
        connection.setSpec(spec);
        DatabaseConnectionStatus status = new DatabaseConnectionStatus();
        status.setPhase(ConnectionPhase.Ready);
        status.setServerVersion("16.4");
        status.setLatencyMillis(12L);
        connection.setStatus(status);

        String json = serialization.asJson(connection);
        JsonNode tree = Crds.YAML.readTree(json);
        assertThat(tree.at("/spec/sslMode").asText()).isEqualTo("verify-full");
        assertThat(tree.at("/spec/port").asInt()).as("the default is in the model too").isEqualTo(5432);
        assertThat(tree.at("/spec/credentialsSecretRef/usernameKey").asText()).isEqualTo("username");

        DatabaseConnection back = serialization.unmarshal(json, DatabaseConnection.class);
        assertThat(serialization.asJson(back)).isEqualTo(json);
        assertThat(back.getSpec().getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    }

    @Test
    void aRunnerStatusPatchCarriesOnlyRunnerFields() throws Exception {
        // The runner sends its fields as a JSON merge patch: any other field it sent (even null or an
        // empty list) would overwrite or delete what the operator wrote.
        SyncJobStatus runnerPart = new SyncJobStatus();
        Progress progress = new Progress();
        progress.setRowsDone(1000L);
        runnerPart.setProgress(progress);

        JsonNode tree = Crds.YAML.readTree(serialization.asJson(runnerPart));

        assertThat(tree.fieldNames()).toIterable().containsExactly("progress");
        assertThat(tree.get("progress").fieldNames()).toIterable().containsExactly("rowsDone");
    }

    private static SyncJob sampleSyncJob() {
        SyncJob job = new SyncJob();
        job.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace("shop").withGeneration(3L).build());
        SyncJobSpec spec = new SyncJobSpec();
        spec.setSourceRef(new ConnectionRef("staging"));
        spec.setTargetRef(new ConnectionRef("dev"));
        TableSpec orders = new TableSpec("sales.orders");
        orders.setWhere("created_at >= now() - interval '90 days'");
        TableSpec events = new TableSpec("sales.order_events");
        events.setKey(List.of("order_id", "seq"));
        events.setMode(SyncMode.Append);
        spec.setTables(List.of(orders, events));
        spec.setDeleteMissing(true);
        BackupSpec backup = new BackupSpec();
        backup.setPolicy(BackupPolicy.Required);
        backup.setRetain(2);
        spec.setBackup(backup);
        RateLimit rateLimit = new RateLimit();
        rateLimit.setMaxRowsPerSecond(10_000L);
        rateLimit.setAdaptive(true);
        spec.setRateLimit(rateLimit);
        spec.setSchedule("0 3 * * *");
        spec.setRerunNonce("1");
        Notifications notifications = new Notifications();
        notifications.setEmail(List.of("ops@example.com"));
        notifications.setOn(List.of(NotificationEvent.Failed));
        spec.setNotifications(notifications);
        job.setSpec(spec);

        SyncJobStatus status = new SyncJobStatus();
        status.setObservedGeneration(3L);
        status.setPhase(SyncJobPhase.Running);
        status.setConditions(List.of(
                new Condition(Condition.RECONCILING, ConditionStatus.True, "Running", "syncing 2 tables",
                        "2024-06-01T03:00:05Z", 3L)));
        RunStatus run = new RunStatus();
        run.setId("orders-7");
        run.setAttempt(1);
        run.setJobName("orders-7-runner");
        run.setStartTime("2024-06-01T03:00:05Z");
        status.setRun(run);
        status.setWarnings(List.of(new SyncWarning("sales.orders", "column note is text on the source, varchar(200) on the target")));
        Progress progress = new Progress();
        progress.setTablesTotal(2);
        progress.setTablesDone(1);
        progress.setRowsDone(420_000L);
        progress.setRowsEstimated(1_000_000L);
        progress.setPercent(42);
        status.setProgress(progress);
        TableStatus table = new TableStatus();
        table.setName("sales.orders");
        table.setPhase(TablePhase.Succeeded);
        table.setInserted(400_000L);
        table.setLastCheckpoint("(400000)");
        status.setTables(List.of(table));
        job.setStatus(status);
        return job;
    }
}
