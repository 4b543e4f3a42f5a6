package io.pgtide.runner.backup;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollback with NOT DEFERRABLE constraints, whose order matters: neither "deletes first" nor
 * "upserts first" restores every run, so the restore falls back from one to the other. In both
 * tests the table z (a child, synced last) breaks a CHECK of the target and aborts the run.
 */
class RestoreOrderTest {
    private static final String Z = "CREATE TABLE z (id int PRIMARY KEY, parent_id int REFERENCES %s, v int%s);";

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("restore_order_src");
        target = TestPostgres.primary().createDatabase("restore_order_tgt");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void aChildPointedAtAParentTheSyncInsertedIsPutBackBeforeThatParentIsDeleted() {
        String schema = "CREATE TABLE p (id int PRIMARY KEY);"
                + " CREATE TABLE c (id int PRIMARY KEY, p_id int NOT NULL REFERENCES p);";
        source.execute(schema + Z.formatted("c", "") + """
                INSERT INTO p VALUES (1), (2);
                INSERT INTO c VALUES (1, 2);
                INSERT INTO z VALUES (1, 1, -1);
                """);
        target.execute(schema + Z.formatted("c", " CHECK (v > 0)") + """
                INSERT INTO p VALUES (1);
                INSERT INTO c VALUES (1, 1);
                """);
        String p = target.checksum("p", "id");
        String c = target.checksum("c", "id");

        Cli.Result run = Cli.run(Cli.syncArgs(source, target, "--table", "p", "--table", "c", "--table", "z",
                "--on-table-error", "abort").toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("violates check constraint").contains("target restored from backup");
        assertThat(target.checksum("p", "id")).isEqualTo(p);
        assertThat(target.checksum("c", "id")).isEqualTo(c);
        assertThat(target.queryLong("SELECT count(*) FROM z")).isZero();
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("RolledBack");
    }

    @Test
    void aUniqueValueTheSyncMovedToAnotherRowGoesBack() {
        // Chunks of one row: the sync first renames row 1 from x to y, then inserts row 2 with x. Put
        // back, row 1 takes x again only once row 2 is gone.
        String schema = "CREATE TABLE u (id int PRIMARY KEY, code text NOT NULL UNIQUE);";
        source.execute(schema + Z.formatted("u", "") + """
                INSERT INTO u VALUES (1, 'y'), (2, 'x');
                INSERT INTO z VALUES (1, 1, -1);
                """);
        target.execute(schema + Z.formatted("u", " CHECK (v > 0)") + "INSERT INTO u VALUES (1, 'x');");
        String u = target.checksum("u", "id");

        Cli.Result run = Cli.run(Cli.syncArgs(source, target, "--table", "u", "--table", "z", "--checkpoint-rows", "1",
                "--on-table-error", "abort").toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("violates check constraint").contains("target restored from backup");
        assertThat(target.checksum("u", "id")).isEqualTo(u);
        assertThat(target.queryStrings("SELECT id || code FROM u ORDER BY id")).isEqualTo(List.of("1x"));
    }
}
