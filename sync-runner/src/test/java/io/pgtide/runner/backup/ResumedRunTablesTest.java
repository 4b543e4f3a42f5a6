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

/**
 * A resumed run (same --job-id) whose tables differ from the interrupted attempt's: the attempt's
 * backup gains the tables it lacks, and an abort rolls back the run's tables, and only those.
 * The first attempt is interrupted by --timeout on the slow table a; z breaks a CHECK of the
 * target and aborts the second one.
 */
class ResumedRunTablesTest {
    private static final String SCHEMA = """
            CREATE TABLE a (id int PRIMARY KEY, v text);
            CREATE TABLE b (id int PRIMARY KEY, v text);
            """;
    private static final String JOB = "resumed-tables";

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("resume_tables_src");
        target = TestPostgres.primary().createDatabase("resume_tables_tgt");
        source.execute(SCHEMA + """
                CREATE TABLE z (id int PRIMARY KEY, b_id int REFERENCES b, v int);
                INSERT INTO a SELECT g, 'new ' || g FROM generate_series(1, 40) g;
                INSERT INTO b SELECT g, 'new ' || g FROM generate_series(1, 5) g;
                INSERT INTO z VALUES (1, 1, -1);
                """);
        // Every row written to a takes 50 ms: 40 rows take 2 s, twice the timeout.
        target.execute(SCHEMA + """
                CREATE TABLE z (id int PRIMARY KEY, b_id int REFERENCES b, v int CHECK (v > 0));
                INSERT INTO a SELECT g, 'old ' || g FROM generate_series(30, 60) g;
                INSERT INTO b SELECT g, 'old ' || g FROM generate_series(1, 3) g;
                CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END';
                CREATE TRIGGER slow_down BEFORE INSERT OR UPDATE ON a FOR EACH ROW EXECUTE FUNCTION slow_down();
                """);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void aTableTheInterruptedAttemptDidNotSyncIsBackedUpAndRolledBack() {
        String a = target.checksum("a", "id");
        String b = target.checksum("b", "id");
        Cli.Result first = Cli.run(interrupted("--table", "a"));
        assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.INTERRUPTED);
        String id = target.queryString("SELECT id FROM pgtide_backup.backup");
        target.execute("DROP TRIGGER slow_down ON a");

        Cli.Result second = Cli.run(args("--table", "a", "--table", "b", "--table", "z", "--on-table-error", "abort"));

        assertThat(second.exitCode()).as(second.all()).isEqualTo(ExitCode.FAILED);
        assertThat(second.out()).contains("Resuming with backup " + id)
                .contains("Backup " + id + " now also holds public.b, public.z, which the interrupted attempt did not sync")
                .contains("target restored from backup " + id);
        assertThat(target.checksum("a", "id")).isEqualTo(a);
        assertThat(target.checksum("b", "id")).isEqualTo(b);
        assertThat(target.queryLong("SELECT count(*) FROM pgtide_backup.backup")).isEqualTo(1);
        assertThat(target.queryLong("SELECT count(*) FROM pgtide_backup.backup_table")).isEqualTo(3);
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("RolledBack");
        assertThat(target.queryLong("SELECT count(*) FROM pgtide.sync_checkpoint")).isZero();
    }

    @Test
    void aRollbackLeavesTheAttemptsTablesThatTheRunDoesNotSync() {
        String b = target.checksum("b", "id");
        Cli.Result first = Cli.run(interrupted("--table", "a", "--table", "b"));
        assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.INTERRUPTED);
        // A write to a after the interrupted attempt, by someone else: the next run does not sync a.
        target.execute("UPDATE a SET v = 'later' WHERE id = 60");
        String a = target.checksum("a", "id");

        Cli.Result second = Cli.run(args("--table", "b", "--table", "z", "--on-table-error", "abort"));

        assertThat(second.exitCode()).as(second.all()).isEqualTo(ExitCode.FAILED);
        assertThat(second.out()).contains("target restored from backup");
        assertThat(target.checksum("a", "id")).isEqualTo(a);
        assertThat(target.checksum("b", "id")).isEqualTo(b);
        // a is still half synced: its checkpoint, and the backup a resume of it rolls back to, stay.
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Open");
        assertThat(target.queryStrings("SELECT table_name FROM pgtide.sync_checkpoint")).containsExactly("\"public\".\"a\"");
    }

    private String[] args(String... rest) {
        List<String> args = Cli.syncArgs(source, target, "--job-id", JOB, "--checkpoint-rows", "4");
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    private String[] interrupted(String... tables) {
        List<String> args = new ArrayList<>(List.of(tables));
        args.addAll(List.of("--timeout", "1s"));
        return args(args.toArray(String[]::new));
    }
}
