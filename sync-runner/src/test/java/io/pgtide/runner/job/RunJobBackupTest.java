package io.pgtide.runner.job;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.pgtide.api.BackupStatus;
import io.pgtide.api.RestorePhase;
import io.pgtide.api.RestoreStatus;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobStatus;
import io.pgtide.api.TablePhase;
import io.pgtide.api.TableStatus;
import io.pgtide.runner.ExitCode;
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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backups in pod mode: status.backup describes the run's backup, an aborted run's tables are
 * RolledBack, and a runner started with PGTIDE_RESTORE_BACKUP_ID restores instead of syncing and
 * writes status.restore.result, leaving the operator's part of status.restore alone.
 */
class RunJobBackupTest {
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
        namespace = "backup-" + UUID.randomUUID().toString().substring(0, 8);
        source = TestPostgres.primary().createDatabase("podbackup_src");
        target = TestPostgres.primary().createDatabase("podbackup_tgt");
        String schema = """
                CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total int NOT NULL);
                """;
        source.execute(schema + """
                INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 200) g;
                INSERT INTO orders SELECT g, 1 + g % 200, g FROM generate_series(1, 2000) g;
                """);
        target.execute(schema + """
                INSERT INTO customers SELECT g, 'old ' || g FROM generate_series(1, 100) g;
                CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN IF NEW.id = 1500 THEN RAISE EXCEPTION ''order 1500 is refused''; END IF; RETURN NEW; END';
                CREATE TRIGGER refuse BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION refuse();
                """);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void anAbortedRunIsRolledBackInStatusAndARestoreJobReportsItsResult() {
        String customers = target.checksum("customers", "id");
        SyncJob job = createSyncJob("copy", """
                {"sourceRef": {"name": "a"}, "targetRef": {"name": "b"}, "checkpointEveryRows": 300,
                 "backup": {"policy": "Required", "retain": 2}, "tables": [{"name": "customers"}, {"name": "orders"}]}""");

        Cli.Result sync = runJob(env("copy", job, null));

        assertThat(sync.exitCode()).as(sync.all()).isEqualTo(ExitCode.FAILED);
        assertThat(target.checksum("customers", "id")).isEqualTo(customers);
        assertThat(target.queryLong("SELECT count(*) FROM orders")).isZero();
        SyncJobStatus status = fetch("copy").getStatus();
        BackupStatus backup = status.getBackup();
        String id = target.queryString("SELECT id FROM pgtide_backup.backup");
        assertThat(backup.getId()).isEqualTo(id);
        assertThat(backup.getSchema()).isEqualTo("pgtide_backup");
        assertThat(backup.getState()).isEqualTo("RolledBack");
        assertThat(backup.getTables()).isEqualTo(2);
        assertThat(backup.getRows()).isEqualTo(100);
        assertThat(backup.getBytes()).isPositive();
        assertThat(target.queryString("SELECT backup_group FROM pgtide_backup.backup")).isEqualTo("syncjob/" + namespace + "/copy");
        assertThat(status.getTables()).extracting(TableStatus::getPhase).containsExactly(TablePhase.RolledBack, TablePhase.RolledBack);
        assertThat(status.getTables().get(1).getError()).contains("order 1500 is refused").contains("restored from backup " + id);
        // The operator's fields are untouched.
        assertThat(status.getPhase()).isEqualTo(SyncJobPhase.Running);

        // The operator asks for a restore: it writes status.restore (all but result) and starts a Job.
        client.resources(SyncJob.class).inNamespace(namespace).withName("copy").editStatus(j -> {
            RestoreStatus restore = new RestoreStatus();
            restore.setBackupId(id);
            restore.setPhase(RestorePhase.Running);
            restore.setJobName("copy-restore-1");
            j.getStatus().setRestore(restore);
            return j;
        });
        Cli.Result restore = runJob(env("copy", job, id));

        assertThat(restore.exitCode()).as(restore.all()).isZero();
        RestoreStatus restored = fetch("copy").getStatus().getRestore();
        assertThat(restored.getResult()).isEqualTo("Restored 2 table(s) from backup " + id + ": 0 rows deleted, 0 updated, 0 inserted.");
        assertThat(restored.getBackupId()).isEqualTo(id);
        assertThat(restored.getPhase()).isEqualTo(RestorePhase.Running);
        assertThat(restored.getJobName()).isEqualTo("copy-restore-1");
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Restored");

        Cli.Result unknown = runJob(env("copy", job, "20200101-000000-abcd"));
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(fetch("copy").getStatus().getRestore().getResult()).startsWith("There is no backup 20200101-000000-abcd on ");
    }

    @Test
    void aRestoreJobThatFailsUnexpectedlyStillReportsItsResult() {
        SyncJob job = createSyncJob("copy", """
                {"sourceRef": {"name": "a"}, "targetRef": {"name": "b"}, "tables": [{"name": "customers"}]}""");
        assertThat(runJob(env("copy", job, null)).exitCode()).isZero();
        // A catalog row this runner cannot read (a state it does not know).
        target.execute("INSERT INTO pgtide_backup.backup SELECT 'unreadable', job_id, backup_group, created_at, 'Unknown', 0, 0, 0"
                + " FROM pgtide_backup.backup");

        Cli.Result restore = runJob(env("copy", job, "unreadable"));

        assertThat(restore.exitCode()).as(restore.all()).isEqualTo(ExitCode.FAILED);
        assertThat(restore.err()).contains("Error: Restoring backup unreadable failed: ");
        assertThat(fetch("copy").getStatus().getRestore().getResult()).startsWith("Restoring backup unreadable failed: ");
    }

    private SyncJob createSyncJob(String name, String specJson) {
        SyncJob job = new SyncJob();
        job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        job.setSpec(SyncJobManifest.spec(specJson, "test"));
        client.resource(job).create();
        SyncJobStatus status = new SyncJobStatus();
        status.setPhase(SyncJobPhase.Running);
        return client.resources(SyncJob.class).inNamespace(namespace).withName(name).editStatus(j -> {
            j.setStatus(status);
            return j;
        });
    }

    private Map<String, String> env(String name, SyncJob job, String restoreBackupId) {
        Map<String, String> env = new HashMap<>();
        env.put("PGTIDE_SYNCJOB_NAMESPACE", namespace);
        env.put("PGTIDE_SYNCJOB_NAME", name);
        env.put("PGTIDE_RUN_ID", "run-1");
        env.put("PGTIDE_RUN_SPEC", serialization.asJson(job.getSpec()));
        env.put("PGTIDE_STATUS_INTERVAL", "300ms");
        env.put("PGTIDE_SOURCE_URL", source.url());
        env.put("PGTIDE_TARGET_URL", target.url());
        if (restoreBackupId != null) {
            env.put("PGTIDE_RESTORE_BACKUP_ID", restoreBackupId);
        }
        return env;
    }

    private Cli.Result runJob(Map<String, String> env) {
        return Cli.runJob(env, api::newClient, new CancelToken());
    }

    private SyncJob fetch(String name) {
        return client.resources(SyncJob.class).inNamespace(namespace).withName(name).get();
    }
}
