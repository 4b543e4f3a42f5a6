package io.pgtide.runner.backup;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backup is one snapshot of all its tables: a writer that commits a parent and its child while
 * the backup copies them finds both in the backup, or neither.
 */
class BackupSnapshotTest {
    private static final String SCHEMA = """
            CREATE TABLE p (id int PRIMARY KEY);
            CREATE TABLE c (id int PRIMARY KEY, p_id int NOT NULL REFERENCES p);
            INSERT INTO p VALUES (1);
            INSERT INTO c VALUES (1, 1);
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("backup_snapshot_src");
        target = TestPostgres.primary().createDatabase("backup_snapshot_tgt");
        source.execute(SCHEMA);
        target.execute(SCHEMA);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void aWriterCommittingDuringTheBackupLeavesNoChildWithoutItsParent() throws Exception {
        CompletableFuture<Cli.Result> run;
        try (Connection writer = target.connect()) {
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                // The backup copies p, then waits for this lock on c; meanwhile a parent and a child arrive.
                st.execute("LOCK TABLE c IN ACCESS EXCLUSIVE MODE");
                run = CompletableFuture.supplyAsync(() -> Cli.run(Cli.syncArgs(source, target, "--table", "p", "--table", "c")
                        .toArray(String[]::new)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (target.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND wait_event_type = 'Lock' AND query LIKE 'CREATE TABLE %'") == 0) {
                    assertThat(System.nanoTime()).as("the backup waits for the lock on c").isLessThan(deadline);
                    assertThat(run).isNotDone();
                    Thread.sleep(20);
                }
                st.execute("INSERT INTO p VALUES (2)");
                st.execute("INSERT INTO c VALUES (2, 2)");
            }
            writer.commit();
        }
        Cli.Result result = run.get(60, TimeUnit.SECONDS);

        assertThat(result.exitCode()).as(result.all()).isZero();
        String p = backupTable("p");
        String c = backupTable("c");
        assertThat(target.queryLong("SELECT count(*) FROM " + c + " WHERE p_id NOT IN (SELECT id FROM " + p + ")")).isZero();
        Cli.Result restore = Cli.run("restore", "--target", target.url(), "--backup",
                target.queryString("SELECT id FROM pgtide_backup.backup"));
        assertThat(restore.exitCode()).as(restore.all()).isZero();
    }

    private String backupTable(String table) {
        return "pgtide_backup.\"" + target.queryString("SELECT backup_table FROM pgtide_backup.backup_table WHERE target_name = '"
                + table + "'") + "\"";
    }
}
