package io.pgtide.runner.backup;

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
 * Tables whose rows are harder to put back: identity ALWAYS keys, generated columns, a partitioned
 * table (rows moving between partitions), a table without any key, types without an equality operator.
 */
class RestoreFidelityTest {
    private static final String SCHEMA = """
            CREATE TABLE items (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, price numeric(10,2) NOT NULL,
                                qty int NOT NULL, total numeric GENERATED ALWAYS AS (price * qty) STORED, attrs json);
            CREATE TABLE events (id int NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
            CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            CREATE TABLE log_lines (line text, n int);
            """;
    private static final Map<String, String> TABLES = Map.of("items", "id", "events", "id, at", "log_lines", "line, n");

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("fidelity_src");
        target = TestPostgres.primary().createDatabase("fidelity_tgt");
        source.execute(SCHEMA + """
                INSERT INTO items (id, price, qty, attrs) OVERRIDING SYSTEM VALUE
                  SELECT g, g * 2.5, g % 4, json_build_object('k', g) FROM generate_series(1, 300) g;
                INSERT INTO events SELECT g, date '2025-06-01' + g, 'src ' || g FROM generate_series(1, 400) g;
                INSERT INTO log_lines SELECT 'src ' || g, g FROM generate_series(1, 50) g;
                INSERT INTO log_lines VALUES ('dup', 1), ('dup', 1);
                """);
        target.execute(SCHEMA + """
                INSERT INTO items (id, price, qty, attrs) OVERRIDING SYSTEM VALUE
                  SELECT g, g * 2.5, g % 5, CASE WHEN g % 2 = 0 THEN json_build_object('k',  g) END FROM generate_series(100, 500) g;
                INSERT INTO events SELECT g, date '2025-12-01' + g, 'tgt ' || g FROM generate_series(1, 100) g;
                INSERT INTO log_lines SELECT 'tgt ' || g, NULL FROM generate_series(1, 30) g;
                INSERT INTO log_lines VALUES ('dup', 2), ('dup', 2), ('dup', 2);
                """);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void everyKindOfTableComesBackExactly() {
        Map<String, String> before = checksums();
        Cli.Result sync = Cli.run(Cli.syncArgs(source, target, "--table", "items", "--table", "events", "--table", "log_lines",
                "--delete-missing").toArray(String[]::new));
        assertThat(sync.exitCode()).as(sync.all()).isZero();
        assertThat(checksums()).isNotEqualTo(before);
        String id = target.queryString("SELECT id FROM pgtide_backup.backup");

        Cli.Result restore = Cli.run("restore", "--target", target.url(), "--backup", id);

        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("public.log_lines: 52 deleted, 0 updated, 33 inserted");
        // Including the rows of each partition: rows are back in the partition their key belongs to.
        assertThat(checksums()).isEqualTo(before);
        // Identity values came back as they were, and the next generated one does not collide.
        target.execute("INSERT INTO items (price, qty) VALUES (1, 1)");
    }

    @Test
    void aKeyTheTargetDoesNotEnforceKeepsItsDuplicateRows() {
        // The run's key comes from the source's primary key; on the target, id repeats.
        source.execute("CREATE TABLE dups (id int PRIMARY KEY, v text); INSERT INTO dups VALUES (1, 'x'), (2, 'y');");
        target.execute("CREATE TABLE dups (id int, v text); INSERT INTO dups VALUES (1, 'a'), (1, 'b'), (2, 'c');");
        String before = target.checksum("dups", "id, v");
        Cli.Result sync = Cli.run(Cli.syncArgs(source, target, "--table", "dups").toArray(String[]::new));
        assertThat(sync.exitCode()).as(sync.all()).isZero();
        assertThat(target.checksum("dups", "id, v")).isNotEqualTo(before);

        Cli.Result restore = Cli.run("restore", "--target", target.url(), "--backup",
                target.queryString("SELECT id FROM pgtide_backup.backup"));

        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(target.queryStrings("SELECT id || v FROM dups ORDER BY id, v")).containsExactly("1a", "1b", "2c");
        assertThat(target.checksum("dups", "id, v")).isEqualTo(before);
    }

    private Map<String, String> checksums() {
        Map<String, String> out = new TreeMap<>();
        TABLES.forEach((table, order) -> out.put(table, target.checksum(table, order)));
        out.put("events_2025", target.checksum("events_2025", "id, at"));
        out.put("events_2026", target.checksum("events_2026", "id, at"));
        return out;
    }
}
