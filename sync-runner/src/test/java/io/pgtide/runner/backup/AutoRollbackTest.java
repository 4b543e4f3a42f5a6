package io.pgtide.runner.backup;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's acceptance test: a run aborted mid-way (--on-table-error abort) after it committed
 * chunks of several FK-linked tables (inserts, updates and, with --delete-missing, deletes) puts
 * every table back at its exact contents before the run, from the backup it took first.
 */
class AutoRollbackTest {
    private static final String SCHEMA = """
            CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers ON DELETE CASCADE,
                                 total int NOT NULL);
            CREATE TABLE order_lines (id int PRIMARY KEY, order_id int NOT NULL REFERENCES orders ON DELETE CASCADE,
                                      qty int NOT NULL);
            """;
    private static final List<String> TABLES = List.of("customers", "orders", "order_lines");

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("rollback_src");
        target = TestPostgres.primary().createDatabase("rollback_tgt");
        // The source: customers 11..400 (1..10 are gone), renamed customers 100..150, new orders and
        // lines; line 2500 carries qty 999, which the target's trigger below refuses.
        source.execute(SCHEMA + """
                INSERT INTO customers SELECT g, CASE WHEN g BETWEEN 100 AND 150 THEN 'renamed ' ELSE 'c' END || g
                  FROM generate_series(11, 400) g;
                INSERT INTO orders SELECT g, 11 + g % 390, g * 3 FROM generate_series(1, 3000) g;
                INSERT INTO order_lines SELECT g, 1 + g % 3000, CASE WHEN g = 2500 THEN 999 ELSE g % 7 END
                  FROM generate_series(1, 3000) g;
                """);
        // The target: customers 1..300, orders 1..2000 (some point at customers 1..10, some with other
        // totals), lines 1..1500, and rows the source does not have.
        target.execute(SCHEMA + """
                INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 300) g;
                INSERT INTO orders SELECT g, 1 + g % 300, CASE WHEN g % 5 = 0 THEN -g ELSE g * 3 END FROM generate_series(1, 2000) g;
                INSERT INTO order_lines SELECT g, 1 + g % 2000, g % 5 FROM generate_series(1, 1500) g;
                """);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void aFailureInALaterChildRestoresEveryTableAndARerunSucceeds() {
        target.execute("""
                CREATE FUNCTION refuse_999() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN IF NEW.qty = 999 THEN RAISE EXCEPTION ''qty 999 is not allowed here''; END IF; RETURN NEW; END';
                CREATE TRIGGER refuse_999 BEFORE INSERT OR UPDATE ON order_lines FOR EACH ROW EXECUTE FUNCTION refuse_999();
                """);
        Map<String, String> before = checksums(target);
        List<String> args = Cli.syncArgs(source, target, "--table", "customers", "--table", "orders", "--table", "order_lines",
                "--delete-missing", "--checkpoint-rows", "200", "--on-table-error", "abort");

        Cli.Result run = Cli.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.FAILED);
        String backupId = target.queryString("SELECT id FROM pgtide_backup.backup");
        assertThat(run.out()).contains("qty 999 is not allowed here")
                .contains("target restored from backup " + backupId)
                .contains("Sync failed, target restored (the run was aborted because public.order_lines failed)")
                .containsPattern("public\\.order_lines\\s+rolled_back")
                .containsPattern("public\\.orders\\s+rolled_back");
        assertThat(run.all()).doesNotContain("Exception");
        assertThat(checksums(target)).isEqualTo(before);
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("RolledBack");
        assertThat(target.queryLong("SELECT count(*) FROM pgtide.sync_checkpoint")).isZero();

        target.execute("DROP TRIGGER refuse_999 ON order_lines");
        Cli.Result rerun = Cli.run(args.toArray(String[]::new));
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(rerun.out()).doesNotContain("resuming after");
        assertThat(checksums(target)).isEqualTo(checksums(source));
    }

    @Test
    void aFailureWhileDeletingRestoresTheRowsDeletedFromItsChildren() {
        // Deleting rows missing from the source runs children first: order_lines and orders lose rows
        // (committed) before customers refuses to. The restore deletes only the customers the run
        // inserted, which the trigger lets through.
        target.execute("""
                CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN IF OLD.id <= 300 THEN RAISE EXCEPTION ''customers are never deleted''; END IF; RETURN OLD; END';
                CREATE TRIGGER refuse_delete BEFORE DELETE ON customers FOR EACH ROW EXECUTE FUNCTION refuse_delete();
                """);
        source.execute("UPDATE order_lines SET qty = 1 WHERE qty = 999");
        Map<String, String> before = checksums(target);
        List<String> args = Cli.syncArgs(source, target, "--table", "customers", "--table", "orders", "--table", "order_lines",
                "--delete-missing", "--checkpoint-rows", "500", "--output", "json");

        Cli.Result run = Cli.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("customers are never deleted").contains("\"rolledBack\":true")
                .contains("\"result\":\"failed, target restored\"");
        assertThat(checksums(target)).isEqualTo(before);
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("RolledBack");
        assertThat(target.queryLong("SELECT count(*) FROM pgtide.sync_checkpoint")).isZero();
    }

    @Test
    void aRestoreThatFailsKeepsBackupAndCheckpointsAndSaysHowToRestoreByHand() {
        // Customers cannot be deleted at all: neither the sync nor the restore can delete the customers
        // the run inserted.
        target.execute("""
                CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN RAISE EXCEPTION ''customers are never deleted''; END';
                CREATE TRIGGER refuse_delete BEFORE DELETE ON customers FOR EACH ROW EXECUTE FUNCTION refuse_delete();
                """);
        source.execute("UPDATE order_lines SET qty = 1 WHERE qty = 999");
        Map<String, String> before = checksums(target);
        List<String> args = Cli.syncArgs(source, target, "--table", "customers", "--table", "orders", "--table", "order_lines",
                "--delete-missing", "--checkpoint-rows", "500");

        Cli.Result run = Cli.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.FAILED);
        String backupId = target.queryString("SELECT id FROM pgtide_backup.backup");
        String restoreCommand = "java -jar sync-runner.jar restore --target postgresql://postgres@"
                + target.url().substring(target.url().indexOf('@') + 1) + " --backup " + backupId;
        assertThat(run.out()).contains("Restoring the target from backup " + backupId + " failed (customers are never deleted")
                .contains("the backup and the checkpoints are kept. Restore by hand with '" + restoreCommand + "'");
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Open");
        assertThat(target.queryLong("SELECT count(*) FROM pgtide.sync_checkpoint")).isPositive();
        assertThat(checksums(target)).isNotEqualTo(before);

        target.execute("DROP TRIGGER refuse_delete ON customers");
        Cli.Result restore = Cli.run("restore", "--target", target.url(), "--backup", backupId);
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(checksums(target)).isEqualTo(before);
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Restored");
        assertThat(target.queryLong("SELECT count(*) FROM pgtide.sync_checkpoint")).isZero();
    }

    @Test
    void withoutABackupAnAbortKeepsTheCommittedChunksAndSaysSo() {
        target.execute("""
                CREATE FUNCTION refuse_999() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN IF NEW.qty = 999 THEN RAISE EXCEPTION ''qty 999 is not allowed here''; END IF; RETURN NEW; END';
                CREATE TRIGGER refuse_999 BEFORE INSERT OR UPDATE ON order_lines FOR EACH ROW EXECUTE FUNCTION refuse_999();
                """);
        List<String> args = Cli.syncArgs(source, target, "--table", "customers", "--table", "orders", "--table", "order_lines",
                "--checkpoint-rows", "200", "--backup", "disabled");

        Cli.Result run = Cli.run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("The target was not restored: no backup was available (backup policy disabled)");
        assertThat(target.queryLong("SELECT count(*) FROM pgtide.sync_checkpoint")).isPositive();
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'pgtide_backup'")).isZero();
    }

    private static Map<String, String> checksums(ScratchDatabase db) {
        Map<String, String> out = new TreeMap<>();
        for (String table : TABLES) {
            out.put(table, db.checksum(table, "id"));
        }
        return out;
    }
}
