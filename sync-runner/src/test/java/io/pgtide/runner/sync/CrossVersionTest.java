package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Syncs between two PostgreSQL major versions in both directions: the primary test server (15 or
 * 17) and an embedded 16, and the oldest (13) and newest (18) supported versions. Checksums are computed on each server separately, over types whose text
 * output is the same in all three versions.
 */
class CrossVersionTest {
    private static final String SCHEMA = """
            CREATE TYPE status AS ENUM ('new', 'paid', 'shipped');
            CREATE TABLE mixed (
                id bigint PRIMARY KEY, name text, amount numeric(14,4), ratio float8, flag boolean, day date,
                at timestamptz, local_at timestamp, span interval, doc jsonb, tags text[], nums int[], uid uuid,
                raw bytea, addr inet, st status, big_text text);
            """;
    private static final String DATA = """
            INSERT INTO mixed
            SELECT g, 'name ' || g || ' ünï 表 😀', g * 1.2345, g / 3.0, g % 2 = 0, DATE '2020-01-01' + g,
                   TIMESTAMPTZ '2020-01-01 00:00:00+00' + g * interval '37 minutes', TIMESTAMP '2021-06-01' + g * interval '1 second',
                   make_interval(days => g % 30, secs => g % 60), jsonb_build_object('g', g, 'a', jsonb_build_array(g, 'x', NULL)),
                   ARRAY['t' || g, NULL, 'q"' || g], ARRAY[g, -g], md5(g::text)::uuid, decode(md5(g::text), 'hex'),
                   ('10.0.' || g % 256 || '.' || g % 200)::inet, (ARRAY['new','paid','shipped'])[g % 3 + 1]::status,
                   CASE WHEN g % 1000 = 0 THEN repeat(md5(g::text), 20000) END
            FROM generate_series(1, 5000) g;
            INSERT INTO mixed (id) VALUES (0);
            """;

    @Test
    void primaryToSecondVersion() {
        roundTrip(TestPostgres.primary(), TestPostgres.secondVersion());
    }

    @Test
    void secondVersionToPrimary() {
        roundTrip(TestPostgres.secondVersion(), TestPostgres.primary());
    }

    /** The oldest supported major version onto the newest: how people move tables to a new server. */
    @Test
    void oldestToNewest() {
        roundTrip(TestPostgres.embedded(13), TestPostgres.embedded(18));
    }

    @Test
    void newestToOldest() {
        roundTrip(TestPostgres.embedded(18), TestPostgres.embedded(13));
    }

    private static void roundTrip(TestPostgres sourceServer, TestPostgres targetServer) {
        assertThat(sourceServer.majorVersion()).isNotEqualTo(targetServer.majorVersion());
        try (ScratchDatabase source = sourceServer.createDatabase("xv_src");
             ScratchDatabase target = targetServer.createDatabase("xv_tgt")) {
            source.execute(SCHEMA + DATA);
            target.execute(SCHEMA);

            JsonRun first = sync(source, target);
            assertThat(first.exitCode()).as(first.all()).isZero();
            assertThat(first.count("public.mixed", "inserted")).isEqualTo(5001);
            assertThat(target.checksum("mixed", "id")).isEqualTo(source.checksum("mixed", "id"));

            source.execute("""
                    UPDATE mixed SET amount = amount + 0.0001, doc = doc || '{"v": 2}' WHERE id % 50 = 0;
                    UPDATE mixed SET at = 'infinity', span = '-1 day' WHERE id = 7;
                    DELETE FROM mixed WHERE id BETWEEN 100 AND 119;
                    INSERT INTO mixed (id, name, st) VALUES (9000, 'new', 'new');
                    """);
            JsonRun second = sync(source, target, "--delete-missing");
            assertThat(second.exitCode()).as(second.all()).isZero();
            assertThat(target.checksum("mixed", "id")).isEqualTo(source.checksum("mixed", "id"));
            // 50, 100, ..., 5000 (id 0 only has NULLs, which stay NULL; 100 is deleted) and 7.
            assertThat(second.count("public.mixed", "updated")).isEqualTo(100);
            assertThat(second.count("public.mixed", "deleted")).isEqualTo(20);
            assertThat(second.count("public.mixed", "inserted")).isEqualTo(1);
        }
    }

    private static JsonRun sync(ScratchDatabase source, ScratchDatabase target, String... extra) {
        List<String> args = new ArrayList<>(Cli.syncArgs(source, target, "--table", "mixed", "--checkpoint-rows", "2000"));
        args.addAll(List.of(extra));
        return JsonRun.of(args);
    }
}
