package io.pgtide.demo;

import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo end to end: against the server of PGTIDE_TEST_PG_URL (through --pg) when it is set,
 * otherwise with the embedded PostgreSQL the demo starts itself, as a user without a server runs it.
 */
class DemoTest {
    private static final String TEST_SERVER = System.getenv("PGTIDE_TEST_PG_URL");

    private record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Result demo(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = DemoMain.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void syncsChangesResyncsAndFindsTheTargetEqualToTheSource() throws SQLException {
        boolean onTestServer = TEST_SERVER != null && !TEST_SERVER.isBlank();
        Result result = onTestServer ? demo("--pg", TEST_SERVER) : demo();

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.err()).as(result.all()).isEmpty();
        String out = result.out();
        // The manifests of examples/demo/ applied to the embedded Kubernetes API.
        assertThat(out).contains("secret/demo-source-credentials created", "databaseconnection.pgtide.io/demo-source created",
                "databaseconnection.pgtide.io/demo-target created", "syncjob.pgtide.io/demo-shop created");
        // The live status went through Running to Succeeded, twice (first run and rerun).
        assertThat(Pattern.compile("(?m)^\\s+Running\\s+\\d+%").matcher(out).results().count()).as(out).isPositive();
        assertThat(Pattern.compile("(?m)^\\s+Succeeded\\s+100%").matcher(out).results().count()).as(out).isEqualTo(2);
        assertThat(out).contains("First a dry run: spec.dryRun=true", "Now for real: spec.dryRun=false");
        // The dry run's preview predicts the real run's counts below.
        assertThat(out).containsPattern("public\\.orders\\s+10\\s+1,600\\s+3\\s+30,397");
        assertThat(out).containsPattern("public\\.order_items\\s+10\\s+0\\s+70\\s+63,931");
        assertThat(out).containsPattern("status\\.backup: \\S+, [0-9,]+ rows of the target taken before the run's first write");
        // The runner's results per table: everything copied first, then only the source's changes.
        assertThat(out).containsPattern("public\\.order_items\\s+Succeeded\\s+64,001\\s+64,001\\s+0\\s+0\\s+0");
        assertThat(out).containsPattern("public\\.orders\\s+Succeeded\\s+32,007\\s+10\\s+1,600\\s+3\\s+30,397");
        assertThat(out).containsPattern("public\\.order_items\\s+Succeeded\\s+63,941\\s+10\\s+0\\s+70\\s+63,931");
        // The kubectl get tables, after each run.
        assertThat(out.split("\\$ kubectl get sj,dbconn", -1)).hasSize(3);
        assertThat(out).containsPattern("syncjob\\.pgtide\\.io/demo-shop\\s+Succeeded\\s+100\\s+demo-source\\s+demo-target");
        assertThat(out).containsPattern("databaseconnection\\.pgtide\\.io/demo-source\\s+Ready");
        assertThat(out).containsPattern("databaseconnection\\.pgtide\\.io/demo-target\\s+Ready");
        // The verdict, then everything stopped.
        assertThat(out).contains("target equals source: 4 tables, 101,958 rows").doesNotContain("DIFFERS");
        assertThat(out).contains("Stopping the local Job runner, the operator and the embedded Kubernetes API.");

        if (onTestServer) {
            List<String> created = Pattern.compile("pgtide_demo_(source|target)_[0-9a-f]+").matcher(out).results()
                    .map(MatchResult::group).distinct().toList();
            assertThat(created).hasSize(2);
            assertThat(existingDatabases()).doesNotContainAnyElementsOf(created);
            assertThat(out).contains("Dropping the demo databases");
        } else {
            assertThat(out).contains("Created the source database pgtide_demo_source:", "Stopping the embedded PostgreSQL.");
        }
    }

    @Test
    void anUnreachableServerIsOneParagraphWithoutStackTrace() {
        Result result = demo("--pg", "postgresql://postgres@127.0.0.1:1/postgres");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.err()).startsWith("Error: Cannot connect to").contains("127.0.0.1:1").doesNotContain("\tat ");
        assertThat(result.err().strip().lines()).hasSize(1);
    }

    private static List<String> existingDatabases() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = TestPostgres.primary().connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT datname FROM pg_database")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
