package io.pgtide.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** --output json: every line on stdout is one JSON object; the last is a summary with the exit code. */
class JsonOutputTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SCHEMA = """
            CREATE TABLE parents (id int PRIMARY KEY, name text);
            CREATE TABLE children (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parents (id), v int);
            CREATE TABLE nokey (v int);
            """;

    private static ScratchDatabase source;
    private static ScratchDatabase target;

    @BeforeAll
    static void setUp() {
        source = TestPostgres.primary().createDatabase("json_src");
        target = TestPostgres.primary().createDatabase("json_tgt");
        source.execute(SCHEMA + """
                INSERT INTO parents SELECT g, 'p' || g FROM generate_series(1, 300) g;
                INSERT INTO children SELECT g, g % 300 + 1, g FROM generate_series(1, 5000) g;
                INSERT INTO nokey SELECT generate_series(1, 10);
                """);
    }

    @AfterAll
    static void tearDown() {
        source.close();
        target.close();
    }

    @BeforeEach
    void emptyTarget() {
        target.execute("DROP SCHEMA IF EXISTS pgtide CASCADE; DROP TABLE IF EXISTS children, parents, nokey;" + SCHEMA);
    }

    private static List<JsonNode> lines(Cli.Result r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = MAPPER.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.path("event").isTextual()).as(line).isTrue();
            out.add(node);
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static JsonNode table(JsonNode summary, String name) {
        for (JsonNode t : summary.get("tables")) {
            if (t.get("table").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no table " + name + " in " + summary);
    }

    @Test
    void successfulRunEndsWithASummary() throws Exception {
        Cli.Result r = Cli.run(Cli.syncArgs(source, target, "--table", "children", "--table", "parents", "--table", "nokey",
                "--checkpoint-rows", "1000", "--output", "json").toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<JsonNode> lines = lines(r);
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.get("event").asText()).isEqualTo("summary");
        assertThat(summary.get("exitCode").asInt()).isZero();
        assertThat(summary.get("result").asText()).isEqualTo("succeeded");
        assertThat(summary.get("tables")).hasSize(3);
        JsonNode children = table(summary, "public.children");
        assertThat(children.get("result").asText()).isEqualTo("synced");
        assertThat(children.get("rowsRead").asLong()).isEqualTo(5000);
        assertThat(children.get("inserted").asLong()).isEqualTo(5000);
        assertThat(table(summary, "public.parents").get("inserted").asLong()).isEqualTo(300);
        assertThat(table(summary, "public.nokey").get("rowsRead").asLong()).isEqualTo(10);
        // The table without a key produces a warning finding, as JSON too.
        assertThat(lines).anyMatch(n -> n.get("event").asText().equals("finding")
                && n.get("severity").asText().equals("warning") && n.get("table").asText().equals("public.nokey"));
        assertThat(lines).anyMatch(n -> n.get("event").asText().equals("tableFinished"));
        assertThat(target.checksum("children", "id")).isEqualTo(source.checksum("children", "id"));
    }

    @Test
    void partialRunHasPerTableErrors() throws Exception {
        target.execute("ALTER TABLE children ADD CONSTRAINT v_small CHECK (v < 4000)");
        Cli.Result r = Cli.run(Cli.syncArgs(source, target, "--table", "children", "--table", "parents",
                "--on-table-error", "continue", "--output", "json").toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.PARTIAL);
        List<JsonNode> lines = lines(r);
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.get("event").asText()).isEqualTo("summary");
        assertThat(summary.get("exitCode").asInt()).isEqualTo(ExitCode.PARTIAL);
        assertThat(table(summary, "public.children").get("result").asText()).isEqualTo("failed");
        assertThat(table(summary, "public.children").get("error").asText()).contains("v_small");
        assertThat(table(summary, "public.parents").get("result").asText()).isEqualTo("synced");
    }

    @Test
    void errorsBeforeTheRunAreJsonToo() throws Exception {
        Cli.Result bad = Cli.run(Cli.syncArgs(source, target, "--table", "parents", "--where", "parents=(id",
                "--output", "json").toArray(String[]::new));
        assertThat(bad.exitCode()).as(bad.all()).isEqualTo(ExitCode.BAD_INPUT);
        JsonNode error = lines(bad).get(lines(bad).size() - 1);
        assertThat(error.get("event").asText()).isEqualTo("error");
        assertThat(error.get("exitCode").asInt()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(error.get("message").asText()).contains("--where");

        Cli.Result invalid = Cli.run(Cli.syncArgs(source, target, "--table", "parents", "--table", "missing",
                "--output", "json").toArray(String[]::new));
        assertThat(invalid.exitCode()).as(invalid.all()).isEqualTo(ExitCode.VALIDATION_FAILED);
        List<JsonNode> lines = lines(invalid);
        assertThat(lines).anyMatch(n -> n.get("event").asText().equals("finding") && n.get("severity").asText().equals("error"));
        assertThat(lines.get(lines.size() - 1).get("exitCode").asInt()).isEqualTo(ExitCode.VALIDATION_FAILED);

        Cli.Result url = Cli.run("sync", "--source", "postgresql//x", "--target", target.url(), "--table", "parents",
                "--output", "json");
        assertThat(url.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(lines(url).get(0).get("event").asText()).isEqualTo("error");
    }
}
