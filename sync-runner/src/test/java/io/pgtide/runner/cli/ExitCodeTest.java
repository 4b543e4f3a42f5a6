package io.pgtide.runner.cli;

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

/** The exit code contract of {@code sync}: 0 ok, 1 failed, 2 bad input, 3 partial, 5 validation errors. */
class ExitCodeTest {
    private static final String SCHEMA = """
            CREATE TABLE good (id int PRIMARY KEY, v int NOT NULL);
            CREATE TABLE bad (id int PRIMARY KEY, v int NOT NULL);
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("exit_src");
        target = TestPostgres.primary().createDatabase("exit_tgt");
        source.execute(SCHEMA + """
                INSERT INTO good SELECT g, g FROM generate_series(1, 2000) g;
                INSERT INTO bad SELECT g, g FROM generate_series(1, 2000) g;
                """);
        // The target does not accept v > 1500: every attempt to sync "bad" fails in its first chunk.
        target.execute(SCHEMA + "ALTER TABLE bad ADD CONSTRAINT v_small CHECK (v <= 1500);");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private Cli.Result sync(String... rest) {
        List<String> args = Cli.syncArgs(source, target, rest);
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void allTablesSyncedIsExitCode0() {
        target.execute("ALTER TABLE bad DROP CONSTRAINT v_small");
        Cli.Result r = sync("--table", "good", "--table", "bad");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("Sync succeeded");
        assertThat(target.checksum("good", "id")).isEqualTo(source.checksum("good", "id"));
        assertThat(target.checksum("bad", "id")).isEqualTo(source.checksum("bad", "id"));
    }

    @Test
    void aFailingTableWithAbortIsExitCode1() {
        Cli.Result r = sync("--table", "bad", "--table", "good", "--on-table-error", "abort", "--parallel", "1");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).contains("Sync failed").containsPattern("public\\.bad\\s+failed").contains("v_small");
        assertThat(target.queryLong("SELECT count(*) FROM bad")).isZero();
    }

    @Test
    void aFailingTableWithAbortIsExitCode1EvenWhenAnotherTableSynced() {
        // Both tables run at once: "good" completes, "bad" fails and aborts the run. Abort means the
        // run failed (1), not that it partially succeeded (3).
        Cli.Result r = sync("--table", "good", "--table", "bad", "--on-table-error", "abort", "--parallel", "2");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).contains("Sync failed").containsPattern("public\\.bad\\s+failed")
                .contains("the run was aborted because public.bad failed");
    }

    @Test
    void oneGoodAndOneFailingTableWithContinueIsExitCode3() {
        Cli.Result r = sync("--table", "good", "--table", "bad", "--on-table-error", "continue");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.PARTIAL);
        assertThat(r.out()).contains("Sync partially succeeded")
                .containsPattern("public\\.good\\s+synced\\s+2,000")
                .containsPattern("public\\.bad\\s+failed")
                .contains("v_small").contains("23514");
        assertThat(target.checksum("good", "id")).isEqualTo(source.checksum("good", "id"));
        assertThat(target.queryLong("SELECT count(*) FROM bad")).isZero();
    }

    @Test
    void badInputIsExitCode2AndWritesNothing() {
        for (String[] bad : List.of(
                new String[]{"--table", "good", "--mode", "sideways"},
                new String[]{"--table", "good", "--checkpoint-rows", "0"},
                new String[]{"--table", "good", "--where", "good=nonexistent_col > 3"},
                new String[]{"--table", "good", "--where", "other=v > 3"},
                new String[]{"--table", "good", "--timeout", "soon"},
                new String[]{"--table", "good", "--no-such-option"})) {
            Cli.Result r = sync(bad);
            assertThat(r.exitCode()).as(String.join(" ", bad) + "\n" + r.all()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).startsWith("Error: ");
            assertNothingWritten();
        }
    }

    @Test
    void validationErrorsAreExitCode5AndWriteNothing() {
        target.execute("DROP TABLE bad; CREATE TABLE missing_col (id int PRIMARY KEY);");
        source.execute("CREATE TABLE missing_col (id int PRIMARY KEY, extra int); INSERT INTO missing_col VALUES (1, 1);");
        target.execute("ALTER TABLE missing_col ADD COLUMN required int NOT NULL");
        Cli.Result r = sync("--table", "good", "--table", "bad", "--table", "missing_col");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.VALIDATION_FAILED);
        assertThat(r.err()).contains("Validation found").contains("nothing was written")
                .contains("public.bad").contains("does not exist on the target")
                .contains("required");
        assertNothingWritten();
        assertThat(target.queryLong("SELECT count(*) FROM missing_col")).isZero();
    }

    private void assertNothingWritten() {
        assertThat(target.queryLong("SELECT count(*) FROM good")).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();
        List<String> withRows = new ArrayList<>();
        for (String table : target.queryStrings("SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables")) {
            if (target.queryLong("SELECT count(*) FROM " + table) > 0) {
                withRows.add(table);
            }
        }
        assertThat(withRows).isEmpty();
    }
}
