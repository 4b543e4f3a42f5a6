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
 * An interrupted run (--timeout) resumes with the backup its first attempt took before writing,
 * not with a new one of half-synced tables; that backup restores the contents before the first attempt.
 */
class ResumedRunBackupTest {
    private static final String SCHEMA = "CREATE TABLE slow (id int PRIMARY KEY, v text);";

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("resume_backup_src");
        target = TestPostgres.primary().createDatabase("resume_backup_tgt");
        source.execute(SCHEMA + "INSERT INTO slow SELECT g, 'new ' || g FROM generate_series(1, 40) g;");
        // Every row written takes 50 ms: 40 rows take 2 s, twice the timeout.
        target.execute(SCHEMA + """
                INSERT INTO slow SELECT g, 'old ' || g FROM generate_series(30, 60) g;
                CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END';
                CREATE TRIGGER slow_down BEFORE INSERT OR UPDATE ON slow FOR EACH ROW EXECUTE FUNCTION slow_down();
                """);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void aResumeReusesTheFirstAttemptsBackup() {
        String before = target.checksum("slow", "id");
        List<String> args = Cli.syncArgs(source, target, "--table", "slow", "--checkpoint-rows", "4", "--delete-missing");
        List<String> withTimeout = new ArrayList<>(args);
        withTimeout.addAll(List.of("--timeout", "1s"));

        Cli.Result first = Cli.run(withTimeout.toArray(String[]::new));

        assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.INTERRUPTED);
        String id = target.queryString("SELECT id FROM pgtide_backup.backup");
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Open");
        assertThat(target.checksum("slow", "id")).isNotEqualTo(before);

        Cli.Result second = Cli.run(args.toArray(String[]::new));

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains("Resuming with backup " + id + ", taken by the interrupted attempt")
                .contains("public.slow: resuming after");
        assertThat(target.queryLong("SELECT count(*) FROM pgtide_backup.backup")).isEqualTo(1);
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Finished");
        assertThat(target.checksum("slow", "id")).isEqualTo(source.checksum("slow", "id"));

        Cli.Result restore = Cli.run("restore", "--target", target.url(), "--backup", id);
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(target.checksum("slow", "id")).isEqualTo(before);
    }

    @Test
    void restartTakesANewBackupAndAbandonsTheOldOne() {
        List<String> args = Cli.syncArgs(source, target, "--table", "slow", "--checkpoint-rows", "4", "--timeout", "1s");
        assertThat(Cli.run(args.toArray(String[]::new)).exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        String first = target.queryString("SELECT id FROM pgtide_backup.backup");
        target.execute("DROP TRIGGER slow_down ON slow");

        List<String> restart = Cli.syncArgs(source, target, "--table", "slow", "--restart");
        Cli.Result run = Cli.run(restart.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).doesNotContain("Resuming with backup");
        assertThat(target.queryStrings("SELECT state FROM pgtide_backup.backup ORDER BY created_at"))
                .containsExactly("Abandoned", "Finished");
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup WHERE id = '" + first + "'")).isEqualTo("Abandoned");
    }

    @Test
    void restartWithoutABackupAbandonsTheOldOneSoThatALaterResumeDoesNotTakeIt() {
        List<String> args = Cli.syncArgs(source, target, "--table", "slow", "--checkpoint-rows", "4", "--timeout", "1s");
        assertThat(Cli.run(args.toArray(String[]::new)).exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        List<String> restart = new ArrayList<>(args);
        restart.addAll(List.of("--restart", "--backup", "disabled"));
        Cli.Result restarted = Cli.run(restart.toArray(String[]::new));
        assertThat(restarted.exitCode()).as(restarted.all()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Abandoned");
        target.execute("DROP TRIGGER slow_down ON slow");

        Cli.Result resume = Cli.run(Cli.syncArgs(source, target, "--table", "slow").toArray(String[]::new));

        assertThat(resume.exitCode()).as(resume.all()).isZero();
        assertThat(resume.out()).doesNotContain("Resuming with backup")
                .contains("no backup: this run resumes an interrupted attempt that had none");
        assertThat(target.queryString("SELECT state FROM pgtide_backup.backup")).isEqualTo("Abandoned");
    }
}
