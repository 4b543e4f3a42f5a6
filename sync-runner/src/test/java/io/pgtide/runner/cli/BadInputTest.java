package io.pgtide.runner.cli;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input ends with exit 2 (5 for schema problems) and one readable paragraph: no stack trace,
 * no password, nothing written to the target.
 */
class BadInputTest {
    static final String PASSWORD = "s3cretPw";

    private static ScratchDatabase source;
    private static ScratchDatabase target;

    @BeforeAll
    static void setUp() {
        source = TestPostgres.primary().createDatabase("badinput_src");
        target = TestPostgres.primary().createDatabase("badinput_tgt");
        String schema = "CREATE TABLE t (id int PRIMARY KEY, a int);";
        source.execute(schema + "INSERT INTO t SELECT g, g FROM generate_series(1, 100) g;");
        target.execute(schema);
    }

    @AfterAll
    static void tearDown() {
        source.close();
        target.close();
    }

    /** The URL with a password in it (the local test servers trust, so it is not checked there). */
    private static String withPassword(String url) {
        return url.contains(":" + PASSWORD + "@") ? url : url.replaceFirst("^postgresql://([^:@/]+)@", "postgresql://$1:" + PASSWORD + "@");
    }

    private static Cli.Result sync(String sourceUrl, String... rest) {
        List<String> args = new ArrayList<>(List.of("sync", "--source", sourceUrl, "--target", withPassword(target.url())));
        args.addAll(List.of(rest));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Exit code, one paragraph without stack trace or password, and nothing on the target. */
    private static Cli.Result assertClearError(Cli.Result r, int exitCode) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(exitCode);
        assertThat(r.err()).as(r.all()).startsWith("Error: ");
        assertThat(r.err().strip()).as("one paragraph").doesNotContain("\n\n");
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("at org.")
                .doesNotContain(PASSWORD);
        assertThat(target.queryLong("SELECT count(*) FROM t")).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();
        return r;
    }

    @Test
    void malformedUrls() {
        assertThat(assertClearError(sync("postgresql//postgres:" + PASSWORD + "@x/db", "--table", "t"), ExitCode.BAD_INPUT).err())
                .contains("--source URL").contains("must start with postgresql://");
        assertThat(assertClearError(sync("postgresql//x", "--table", "t"), ExitCode.BAD_INPUT).err())
                .contains("must start with postgresql://");
        assertThat(assertClearError(sync("http://postgres:" + PASSWORD + "@h/db", "--table", "t"), ExitCode.BAD_INPUT).err())
                .contains("must start with postgresql://");
        assertThat(assertClearError(sync("postgresql://postgres:" + PASSWORD + "@127.0.0.1:5432", "--table", "t"),
                ExitCode.BAD_INPUT).err()).contains("names no database");
        // Passwords that are not percent-encoded as they should be must not show either.
        assertThat(assertClearError(sync("postgresql://postgres:" + PASSWORD + "/x@127.0.0.1/db", "--table", "t"),
                ExitCode.BAD_INPUT).err()).contains("--source URL");
        assertThat(assertClearError(sync("postgresql://postgres:" + PASSWORD + "@x@127.0.0.1/db", "--table", "t"),
                ExitCode.BAD_INPUT).err()).contains("--source URL");
        assertThat(assertClearError(sync("postgresql://postgres:" + PASSWORD + "@127.0.0.1:99999/db", "--table", "t"),
                ExitCode.BAD_INPUT).err()).contains("--source URL");
    }

    @Test
    void argumentsTheParserCannotPlaceAreShownWithoutTheirPassword() {
        String url = withPassword(source.url());
        // A sync command line reused for backups: --source is unknown there.
        Cli.Result misplaced = Cli.run("backups", "--target", withPassword(target.url()), "--source", url);
        assertThat(assertClearError(misplaced, ExitCode.BAD_INPUT).err()).contains("Unknown option");
        assertThat(assertClearError(sync(url, "--table", "t", url), ExitCode.BAD_INPUT).err()).contains("Unmatched argument");
        assertThat(assertClearError(sync(url, "--table", "t", "--timeout", url), ExitCode.BAD_INPUT).err())
                .contains("--timeout");
        assertThat(assertClearError(sync(url, "--table", "t", "--targt=" + url), ExitCode.BAD_INPUT).err())
                .contains("--targt");
    }

    @Test
    void unknownTableIsAValidationError() {
        Cli.Result r = assertClearError(sync(withPassword(source.url()), "--table", "no_such_table"), ExitCode.VALIDATION_FAILED);
        assertThat(r.err()).contains("public.no_such_table does not exist on the source");
    }

    @Test
    void unreachableHostFailsWithinTheConnectTimeout() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        Cli.Result r = sync("postgresql://postgres:" + PASSWORD + "@127.0.0.1:" + port + "/db", "--table", "t",
                "--connect-timeout", "2s");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertClearError(r, ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("Cannot connect to the source database 127.0.0.1:" + port + "/db")
                .contains("Check that the server is running").doesNotContain("..");
        assertThat(millis).isLessThan(10_000);
    }

    @Test
    void unknownHostName() {
        Cli.Result r = sync("postgresql://postgres:" + PASSWORD + "@no-such-host.invalid/db", "--table", "t", "--connect-timeout", "2s");
        assertClearError(r, ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("the host 'no-such-host.invalid' is unknown");
    }

    @Test
    void rateLimitBelowOneRowPerSecond() {
        assertThat(assertClearError(sync(source.url(), "--table", "t", "--max-rows-per-second", "0"), ExitCode.BAD_INPUT).err())
                .contains("--max-rows-per-second must be at least 1 (got 0)");
        assertThat(assertClearError(sync(source.url(), "--table", "t", "--max-rows-per-second", "-5", "--adaptive-rate"),
                ExitCode.BAD_INPUT).err()).contains("--max-rows-per-second must be at least 1 (got -5)");
        assertThat(assertClearError(sync(source.url(), "--table", "t", "--max-rows-per-second", "fast"), ExitCode.BAD_INPUT).err())
                .contains("--max-rows-per-second");
    }

    @Test
    void missingTableOption() {
        Cli.Result r = assertClearError(sync(withPassword(source.url())), ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--table");
    }

    @Test
    void whereThatIsNotAnExpression() {
        for (String where : List.of("1=1; drop table x", "nonexistent_col > 3", "(a", "a > 1) OR (1=1",
                "a > 1 -- comment", "a IN (SELECT 1); SELECT 1")) {
            Cli.Result r = assertClearError(sync(withPassword(source.url()), "--table", "t", "--where", "t=" + where),
                    ExitCode.BAD_INPUT);
            assertThat(r.err()).as(where).contains("--where filter for public.t");
        }
        assertThat(source.queryLong("SELECT count(*) FROM t")).isEqualTo(100);
    }
}
