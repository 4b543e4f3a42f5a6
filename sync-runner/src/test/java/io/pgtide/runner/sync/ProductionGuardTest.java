package io.pgtide.runner.sync;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.db.Sql;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A target database marked {@code pgtide.environment = 'production'} is written only with --confirm-production. */
class ProductionGuardTest {
    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("prod_src");
        target = TestPostgres.primary().createDatabase("prod_tgt");
        source.execute("CREATE TABLE items (id int PRIMARY KEY, v text); INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 500) g;");
        target.execute("CREATE TABLE items (id int PRIMARY KEY, v text); INSERT INTO items VALUES (1, 'kept until confirmed');");
        // The setting applies to sessions started afterwards, as the runner's are.
        target.execute("ALTER DATABASE " + Sql.ident(target.name()) + " SET pgtide.environment = 'production'");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private Cli.Result run(String command, String... rest) {
        List<String> args = new ArrayList<>(Cli.syncArgs(source, target, rest));
        args.set(0, command);
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void withoutConfirmationNothingIsWrittenAndTheMessageSaysHowToConfirm() {
        String before = target.checksum("items", "id");

        Cli.Result r = run("sync", "--table", "items");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("is a production database").contains("pgtide.environment")
                .contains("no confirmation was given").contains("--confirm-production " + target.name())
                .doesNotContain("Exception");
        assertThat(target.checksum("items", "id")).isEqualTo(before);
        // Not even the checkpoint schema was created.
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();
    }

    @Test
    void aConfirmationNamingAnotherDatabaseIsRefused() {
        Cli.Result r = run("sync", "--table", "items", "--confirm-production", "staging");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("the confirmation 'staging' does not match '" + target.name() + "'");
        assertThat(target.queryLong("SELECT count(*) FROM items")).isEqualTo(1);
    }

    @Test
    void theTargetDatabaseNameConfirmsTheSync() {
        Cli.Result r = run("sync", "--table", "items", "--confirm-production", target.name());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.OK);
        assertThat(target.checksum("items", "id")).isEqualTo(source.checksum("items", "id"));
    }

    @Test
    void aRestoreWritesTooAndNeedsTheSameConfirmation() {
        String before = target.checksum("items", "id");
        assertThat(run("sync", "--table", "items", "--confirm-production", target.name()).exitCode()).isEqualTo(ExitCode.OK);
        String backup = target.queryString("SELECT id FROM pgtide_backup.backup ORDER BY created_at DESC LIMIT 1");

        Cli.Result refused = Cli.run("restore", "--target", target.url(), "--backup", backup);

        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.err()).contains("Refusing to restore into it").contains("--confirm-production " + target.name());
        assertThat(target.checksum("items", "id")).isEqualTo(source.checksum("items", "id"));

        Cli.Result restored = Cli.run("restore", "--target", target.url(), "--backup", backup,
                "--confirm-production", target.name());

        assertThat(restored.exitCode()).as(restored.all()).isEqualTo(ExitCode.OK);
        assertThat(target.checksum("items", "id")).isEqualTo(before);
    }

    @Test
    void validateWarnsThatASyncWouldBeRefused() {
        Cli.Result r = run("validate", "--table", "items");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("A sync would be refused").contains("--confirm-production " + target.name());
    }

    @Test
    void anUnmarkedTargetNeedsNoConfirmation() {
        target.execute("ALTER DATABASE " + Sql.ident(target.name()) + " SET pgtide.environment = 'staging'");

        Cli.Result r = run("sync", "--table", "items");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.OK);
        assertThat(target.checksum("items", "id")).isEqualTo(source.checksum("items", "id"));
    }
}
