package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partitioned tables are synced by naming the parent, whatever the partition layout on either
 * side: rows land in whichever partition the target routes them to, and resyncs (including rows
 * that move between partitions) keep both sides equal.
 */
class PartitionedTableTest {
    private static final String COLUMNS = "id bigint NOT NULL, at timestamptz NOT NULL, kind text, payload jsonb, PRIMARY KEY (id, at)";

    static String layout(String name) {
        StringBuilder sql = new StringBuilder();
        switch (name) {
            case "monthly" -> {
                sql.append("CREATE TABLE events (").append(COLUMNS).append(") PARTITION BY RANGE (at);\n");
                for (int m = 1; m <= 12; m++) {
                    sql.append(String.format("CREATE TABLE events_2024_%02d PARTITION OF events FOR VALUES FROM ('2024-%02d-01 00:00+00')"
                            + " TO ('%s 00:00+00');%n", m, m, m == 12 ? "2025-01-01" : String.format("2024-%02d-01", m + 1)));
                }
                sql.append("CREATE TABLE events_other PARTITION OF events DEFAULT;\n");
            }
            case "yearly" -> {
                sql.append("CREATE TABLE events (").append(COLUMNS).append(") PARTITION BY RANGE (at);\n");
                for (int y = 2023; y <= 2025; y++) {
                    sql.append("CREATE TABLE events_").append(y).append(" PARTITION OF events FOR VALUES FROM ('").append(y)
                            .append("-01-01 00:00+00') TO ('").append(y + 1).append("-01-01 00:00+00');\n");
                }
                sql.append("CREATE TABLE events_rest PARTITION OF events DEFAULT;\n");
            }
            case "hash" -> {
                sql.append("CREATE TABLE events (").append(COLUMNS).append(") PARTITION BY HASH (id);\n");
                for (int r = 0; r < 4; r++) {
                    sql.append("CREATE TABLE events_h").append(r).append(" PARTITION OF events FOR VALUES WITH (MODULUS 4, REMAINDER ")
                            .append(r).append(");\n");
                }
            }
            case "plain" -> sql.append("CREATE TABLE events (").append(COLUMNS).append(");\n");
            default -> throw new IllegalArgumentException(name);
        }
        return sql.toString();
    }

    @ParameterizedTest(name = "{0} source -> {1} target")
    @CsvSource({"monthly, monthly", "monthly, yearly", "monthly, plain", "monthly, hash", "plain, monthly"})
    void everyRowArrivesWhateverThePartitionLayout(String sourceLayout, String targetLayout) {
        try (ScratchDatabase source = TestPostgres.primary().createDatabase("part_src");
             ScratchDatabase target = TestPostgres.primary().createDatabase("part_tgt")) {
            source.execute(layout(sourceLayout) + """
                    INSERT INTO events
                    SELECT g, '2024-01-01 00:00+00'::timestamptz + (g * 97 % 8760) * interval '1 hour', 'k' || g % 5,
                           jsonb_build_object('g', g)
                    FROM generate_series(1, 6000) g;
                    INSERT INTO events VALUES (6001, '2026-06-01 00:00+00', 'later', NULL), (6002, '2023-06-01 00:00+00', 'earlier', NULL);
                    ANALYZE events;
                    """);
            target.execute(layout(targetLayout));
            if (sourceLayout.equals("monthly")) {
                assertThat(source.queryLong("SELECT count(DISTINCT tableoid) FROM events")).isEqualTo(13);
            }

            JsonRun first = sync(source, target);
            assertThat(first.exitCode()).as(first.all()).isZero();
            assertThat(first.count("public.events", "inserted")).isEqualTo(6002);
            assertThat(target.checksum("events", "id, at")).isEqualTo(source.checksum("events", "id, at"));
            if (!targetLayout.equals("plain")) {
                assertThat(target.queryLong("SELECT count(DISTINCT tableoid) FROM events")).isGreaterThan(1);
            }

            source.execute("""
                    UPDATE events SET payload = '{"changed": true}' WHERE id % 100 = 0;
                    UPDATE events SET at = at + interval '45 days' WHERE id % 250 = 1;   -- 25 rows (6001 too) move to other partitions (new key)
                    DELETE FROM events WHERE id % 1000 = 7;
                    INSERT INTO events VALUES (7000, '2024-07-04 12:00+00', 'new', '[]');
                    """);
            JsonRun second = sync(source, target, "--delete-missing");
            assertThat(second.exitCode()).as(second.all()).isZero();
            assertThat(target.checksum("events", "id, at")).isEqualTo(source.checksum("events", "id, at"));
            assertThat(second.count("public.events", "updated")).isEqualTo(60);
            assertThat(second.count("public.events", "inserted")).isEqualTo(25 + 1);
            assertThat(second.count("public.events", "deleted")).isEqualTo(25 + 6);

            JsonRun third = sync(source, target, "--delete-missing");
            assertThat(third.exitCode()).as(third.all()).isZero();
            assertThat(third.count("public.events", "updated") + third.count("public.events", "inserted")
                    + third.count("public.events", "deleted")).isZero();
        }
    }

    private static JsonRun sync(ScratchDatabase source, ScratchDatabase target, String... extra) {
        List<String> args = new ArrayList<>(Cli.syncArgs(source, target, "--table", "events", "--checkpoint-rows", "1000"));
        args.addAll(List.of(extra));
        return JsonRun.of(args);
    }
}
