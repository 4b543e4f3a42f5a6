package io.pgtide.runner.backup;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The restore and backups commands, and retention. */
class RestoreCommandTest {
    private static final String SCHEMA = """
            CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total numeric(10,2));
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("restore_src");
        target = TestPostgres.primary().createDatabase("restore_tgt");
        source.execute(SCHEMA + """
                INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 500) g;
                INSERT INTO orders SELECT g, 1 + g % 500, g * 1.5 FROM generate_series(1, 5000) g;
                """);
        target.execute(SCHEMA + """
                INSERT INTO customers SELECT g, 'old ' || g FROM generate_series(1, 600) g;
                INSERT INTO orders SELECT g, 1 + g % 600, CASE WHEN g % 3 = 0 THEN NULL ELSE g END FROM generate_series(1, 3000) g;
                """);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void restoreByIdBringsBackTheContentsBeforeTheSync() {
        String customers = target.checksum("customers", "id");
        String orders = target.checksum("orders", "id");
        Cli.Result sync = Cli.run(syncArgs("--delete-missing"));
        assertThat(sync.exitCode()).as(sync.all()).isZero();
        assertThat(target.checksum("orders", "id")).isEqualTo(source.checksum("orders", "id"));
        String id = target.queryString("SELECT id FROM pgtide_backup.backup");
        assertThat(id).matches("\\d{8}-\\d{6}-[0-9a-f]{4}");
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Finished");

        Cli.Result list = Cli.run("backups", "--target", target.url());
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.out()).containsPattern("ID\\s+JOB\\s+CREATED\\s+STATE\\s+TABLES\\s+ROWS\\s+SIZE")
                .containsPattern(id + "\\s+cli-[0-9a-f]{16}\\s+\\S+\\s+Finished\\s+2\\s+3,600\\s");

        Cli.Result restore = Cli.run("restore", "--target", target.url(), "--backup", id);

        assertThat(restore.exitCode()).as(restore.all()).isZero();
        // The sync deleted 100 customers and 0 orders, updated customers 1..500, inserted 2000 orders.
        assertThat(restore.out()).contains("public.orders: 2,000 deleted, 3,000 updated, 0 inserted")
                .contains("public.customers: 0 deleted, 500 updated, 100 inserted")
                .contains("Restored 2 table(s) from backup " + id);
        assertThat(target.checksum("customers", "id")).isEqualTo(customers);
        assertThat(target.checksum("orders", "id")).isEqualTo(orders);
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Restored");

        Cli.Result json = Cli.run("backups", "--target", target.url(), "--output", "json");
        assertThat(json.out()).contains("\"id\":\"" + id + "\"").contains("\"state\":\"Restored\"")
                .contains("\"table\":\"public.customers\"");
    }

    @Test
    void restoringOneTableLeavesTheOthers() {
        String customers = target.checksum("customers", "id");
        assertThat(Cli.run(syncArgs()).exitCode()).isZero();
        String id = target.queryString("SELECT id FROM pgtide_backup.backup");
        // orders still reference the customers the restore keeps (only the names change back).
        Cli.Result restore = Cli.run("restore", "--target", target.url(), "--backup", id, "--table", "customers",
                "--output", "json");

        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("\"table\":\"public.customers\"").doesNotContain("public.orders");
        assertThat(target.checksum("customers", "id")).isEqualTo(customers);
        assertThat(target.checksum("orders", "id")).isEqualTo(source.checksum("orders", "id"));

        Cli.Result unknownTable = Cli.run("restore", "--target", target.url(), "--backup", id, "--table", "invoices");
        assertThat(unknownTable.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknownTable.err()).contains("Backup " + id + " holds no table invoices; its tables are"
                + " [public.customers, public.orders]");
    }

    @Test
    void restoringSomeTablesOfAnUnfinishedRunKeepsTheOtherTablesCheckpointsAndTheOpenBackup() {
        String orders = target.checksum("orders", "id");
        target.execute("""
                CREATE FUNCTION refuse_4000() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN IF NEW.id = 4000 THEN RAISE EXCEPTION ''order 4000 is not allowed here''; END IF; RETURN NEW; END';
                CREATE TRIGGER refuse_4000 BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION refuse_4000();
                """);
        Cli.Result sync = Cli.run(syncArgs("--on-table-error", "continue", "--checkpoint-rows", "500"));
        assertThat(sync.exitCode()).as(sync.all()).isEqualTo(ExitCode.PARTIAL);
        String id = target.queryString("SELECT id FROM pgtide_backup.backup");
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Open");

        Cli.Result restore = Cli.run("restore", "--target", target.url(), "--backup", id, "--table", "orders");

        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("their checkpoints are cleared, so the job's next sync starts them over; the job's"
                + " other tables keep theirs, and the backup stays Open.");
        assertThat(target.checksum("orders", "id")).isEqualTo(orders);
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Open");
        assertThat(target.queryStrings("SELECT table_name FROM pgtide.sync_checkpoint")).containsExactly("\"public\".\"customers\"");
    }

    @Test
    void aRestoreWhoseConnectionDiesReportsWhyNotTheFailedRollback() {
        assertThat(Cli.run(syncArgs()).exitCode()).isZero();
        String id = target.queryString("SELECT id FROM pgtide_backup.backup");
        target.execute("""
                CREATE FUNCTION die() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(1); RETURN NEW; END';
                CREATE TRIGGER die BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION die();
                """);

        Cli.Result restore = Cli.run("restore", "--target", target.url(), "--backup", id);

        assertThat(restore.exitCode()).as(restore.all()).isEqualTo(ExitCode.FAILED);
        assertThat(restore.err()).contains("Restoring backup " + id + " failed, nothing was changed")
                .contains("terminating connection due to administrator command");
        assertThat(restore.all()).doesNotContain("Exception");
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Finished");
    }

    @Test
    void anUnknownBackupIdIsBadInputAndSaysHowToListThem() {
        assertThat(Cli.run(syncArgs()).exitCode()).isZero();

        Cli.Result restore = Cli.run("restore", "--target", target.url(), "--backup", "20200101-000000-0000");

        assertThat(restore.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(restore.err()).contains("There is no backup 20200101-000000-0000 on ")
                .contains("List the backups with 'java -jar sync-runner.jar backups --target postgresql://");
        assertThat(restore.all()).doesNotContain("Exception");

        // A target where no backup was ever taken: the same answer, and an empty list.
        Cli.Result none = Cli.run("restore", "--target", source.url(), "--backup", "x");
        assertThat(none.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Cli.run("backups", "--target", source.url()).out()).contains("No backups on ");

        // Empty ids are usage errors that say so.
        Cli.Result emptyId = Cli.run("restore", "--target", target.url(), "--backup", " ");
        assertThat(emptyId.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(emptyId.err()).contains("--backup is empty");
        Cli.Result emptyJob = Cli.run("backups", "--target", target.url(), "--job-id", "");
        assertThat(emptyJob.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(emptyJob.err()).contains("--job-id is empty");
    }

    @Test
    void retentionKeepsTheNewestBackupsOfTheJob() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            source.execute("UPDATE customers SET name = name || '.' WHERE id = " + (i + 1));
            Cli.Result run = Cli.run(syncArgs("--backup-retain", "2"));
            assertThat(run.exitCode()).as(run.all()).isZero();
            ids.add(target.queryString("SELECT id FROM pgtide_backup.backup ORDER BY created_at DESC LIMIT 1"));
        }

        assertThat(target.queryStrings("SELECT id FROM pgtide_backup.backup ORDER BY created_at")).containsExactly(ids.get(2), ids.get(3));
        // Two tables per backup, nothing else left in the schema but the catalog.
        assertThat(target.queryStrings("SELECT tablename FROM pg_tables WHERE schemaname = 'pgtide_backup'"
                + " AND tablename NOT IN ('backup', 'backup_table')"))
                .containsExactlyInAnyOrder(ids.get(2) + "_1", ids.get(2) + "_2", ids.get(3) + "_1", ids.get(3) + "_2");
        assertThat(target.queryLong("SELECT count(*) FROM pgtide_backup.backup_table")).isEqualTo(4);
        // Another job's backups are another group: untouched.
        Cli.Result other = Cli.run(syncArgs("--job-id", "other-job", "--backup-retain", "1"));
        assertThat(other.exitCode()).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM pgtide_backup.backup")).isEqualTo(3);
    }

    @Test
    void aRetentionThatFailsIsOnlyAWarning() {
        assertThat(Cli.run(syncArgs()).exitCode()).isZero();
        // A catalog row pgtide cannot read (a state it does not know) makes the pruning fail.
        target.execute("INSERT INTO pgtide_backup.backup SELECT 'unreadable', job_id, backup_group, created_at - interval '1 day',"
                + " 'Unknown', 0, 0, 0 FROM pgtide_backup.backup");

        Cli.Result run = Cli.run(syncArgs("--backup-retain", "1"));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Warning: older backups could not be dropped (");
        assertThat(run.all()).doesNotContain("Exception");
        assertThat(target.checksum("orders", "id")).isEqualTo(source.checksum("orders", "id"));
    }

    private String[] syncArgs(String... extra) {
        List<String> args = Cli.syncArgs(source, target, "--table", "customers", "--table", "orders");
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }
}
