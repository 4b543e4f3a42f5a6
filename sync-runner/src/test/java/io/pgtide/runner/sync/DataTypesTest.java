package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One table with (nearly) every kind of value PostgreSQL has: exotic numerics, Unicode and COPY
 * escape characters, zero bytes, JSON, arrays, enums, domains, composites, types without an
 * equality operator, NULLs everywhere and multi-megabyte TOASTed values. First sync, resync of
 * changed values (including changes only visible in the text form, like 1.0 -> 1.00), and a
 * resync without changes.
 */
class DataTypesTest {
    private static final String SCHEMA = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'it''s "complicated", \\\\ really');
            CREATE DOMAIN short_code AS text CHECK (VALUE ~ '^[A-Z]{2,5}$');
            CREATE TYPE address AS (street text, zip int, tags text[]);
            CREATE TABLE everything (
                id int PRIMARY KEY,
                n numeric, n_scaled numeric(60,30), f8 float8, f4 real,
                t text, vc varchar(20), ch char(5), b bytea, j json, jb jsonb,
                ia int[], ta text[], ia2 int[][], m mood, ma mood[], u uuid,
                tz timestamptz, ts timestamp, d date, tm time, ttz timetz, iv interval,
                ip inet, net cidr, mac macaddr, r4 int4range, rtz tstzrange, rn numrange,
                code short_code, addr address, cash money, pt point, x xml, flag boolean, bits bit varying(16)
            );
            """;

    private static final String DATA = """
            INSERT INTO everything VALUES
            (1, 'NaN', 0.000000000000000000000000000001, 'NaN', '-Infinity',
             E'emoji 😀👨‍👩‍👧‍👦 CJK 漢字かなカナ 한국어 RTL שלום مرحبا combining e\\u0301 Z\\u0324\\u0308 tab\\there newline\\nthere CR\\rend backslash \\\\ \\\\N quote '' double " end',
             E'\\\\N', 'a\tb', '\\x00ff00deadbeef00'::bytea,
             E'{"b":1,  "a":[1,2,{"c":null}], "s":"\\\\u00e9 \\\\" \\\\\\\\ \\\\n"}',
             E'{"b":1, "a":[1,2,{"c":null}], "s":"\\\\u00e9 \\\\" \\\\\\\\ \\\\n", "emoji":"😀"}',
             '{1,NULL,3}', ARRAY['a', NULL, 'NULL', 'with "quote"', 'with,comma', '', E'back\\\\slash', '{brace}', E'tab\\tnl\\n'],
             '{{1,2},{3,NULL}}', 'it''s "complicated", \\\\ really', ARRAY['happy', 'it''s "complicated", \\\\ really']::mood[],
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
             '2024-02-29 12:34:56.789012+05:30', '1999-12-31 23:59:59.999999', '0044-03-15 BC', '24:00:00', '23:59:59.999999-14:59',
             '1 year 2 mons -3 days 04:05:06.789',
             '192.168.0.1/24', '2001:db8::/32', '08:00:2b:01:02:03', '[1,10)', '["2024-01-01 00:00:00+00",infinity)', '(1.5,)',
             'ABC', ROW(E'Main St "1", \\\\ back', 12345, ARRAY['x', NULL])::address, 12.34, '(1.5,-2.25)',
             '<a b="1">t &amp; ü<!-- c --></a>', true, B'1010'),
            (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (3, 'Infinity', -99999999999999999999999999999.999999999999999999999999999999, 'Infinity', 'NaN',
             '', '', '', '\\x'::bytea, '[]', '{}', '{}', '{}', '{}', 'sad', '{}', '00000000-0000-0000-0000-000000000000',
             'infinity', '-infinity', 'infinity', '00:00:00.000001', '00:00:00+00', '-178000000 years',
             '::1', '0.0.0.0/0', 'ff:ff:ff:ff:ff:ff', 'empty', '(,)', 'empty',
             'ZZ', ROW(NULL, NULL, NULL)::address, -0.01, '(0,0)', 'text only<b/>', false, B''),
            (5, 123456789012345678901234567890123456789012345678901234567890.123456789012345678901234567890123456789,
             0, -0.0, 1e-38, 'plain', 'x', 'x', '\\x00'::bytea, 'null', 'null', ARRAY[]::int[], ARRAY[NULL]::text[],
             '{{{1}}}', 'ok', ARRAY[NULL]::mood[], 'ffffffff-ffff-ffff-ffff-ffffffffffff',
             '-infinity', 'infinity', '-infinity', '12:00', '12:00+01', '0 seconds',
             '10.0.0.1', '10.0.0.0/8', '00:00:00:00:00:00', '[-2147483648,2147483647)', '(,"2000-01-01 00:00:00+00"]', '[0,0]',
             'QQQQQ', ROW('', 0, ARRAY[]::text[])::address, 0, '(-0,1e-300)', '<r/>', NULL, B'1111111111111111'),
            (10, 1.0, 1.0, 1.0, 1.0, 'scale', 'scale', 'scale', '\\x01'::bytea, '{"a": 1}', '{"a": 1}',
             '{1}', '{NULL}', '{{1}}', 'ok', '{ok}', NULL, '2020-01-01 00:00:00+00', '2020-01-01 00:00:00', '2020-01-01',
             '01:02:03', '01:02:03+00', '1 day', '1.2.3.4', '1.2.3.0/24', '01:02:03:04:05:06', '[1,2)', NULL, '[1.0,2.0)',
             'AB', ROW('s', 1, NULL)::address, 1, '(1,1)', '<v>1</v>', true, B'1');
            -- A TOASTed row: 5 MB of barely compressible text and 5 MB of bytea.
            INSERT INTO everything (id, t, b, ta)
            SELECT 4, string_agg(md5(g::text), '' ORDER BY g), decode(string_agg(md5(g::text), '' ORDER BY g), 'hex'),
                   ARRAY[string_agg(md5((-g)::text), '' ORDER BY g)]
            FROM generate_series(1, 160000) g;
            UPDATE everything SET b = b || b WHERE id = 4;
            -- Filler so that chunks and checkpoints are exercised.
            INSERT INTO everything (id, n, t, ia, jb, tz, m, code)
            SELECT g, g / 7.0, 'row ' || g || E' ✓\\t' || g, ARRAY[g, NULL], jsonb_build_object('g', g, 'ü', 'ß'),
                   '2024-01-01 00:00:00+00'::timestamptz + g * interval '1 hour', (ARRAY['sad','ok','happy'])[g % 3 + 1]::mood, 'XY'
            FROM generate_series(100, 2099) g;
            ANALYZE everything;
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("types_src");
        target = TestPostgres.primary().createDatabase("types_tgt");
        source.execute(SCHEMA + DATA);
        target.execute(SCHEMA);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private JsonRun sync() {
        return JsonRun.of(Cli.syncArgs(source, target, "--table", "everything", "--checkpoint-rows", "500"));
    }

    private void assertEqual() {
        assertThat(target.checksum("everything", "id")).isEqualTo(source.checksum("everything", "id"));
        // The checksum must really see the big values.
        assertThat(target.queryLong("SELECT length(t) + length(b) FROM everything WHERE id = 4")).isEqualTo(5_120_000 + 5_120_000);
    }

    @Test
    void everyTypeSurvivesSyncAndResyncNoticesEveryChange() {
        assertThat(source.queryLong("SELECT count(*) FROM everything")).isEqualTo(2006);
        JsonRun first = sync();
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.count("public.everything", "inserted")).isEqualTo(2006);
        assertEqual();
        // Spot checks of values whose text form is easy to get wrong.
        assertThat(target.queryString("SELECT n::text FROM everything WHERE id = 10")).isEqualTo("1.0");
        assertThat(target.queryString("SELECT encode(b, 'hex') FROM everything WHERE id = 1")).isEqualTo("00ff00deadbeef00");
        assertThat(target.queryString("SELECT vc FROM everything WHERE id = 1")).isEqualTo("\\N");
        assertThat(target.queryLong("SELECT count(*) FROM everything WHERE vc IS NULL")).isEqualTo(2002);

        // Changes, several of them only visible in the text form of the value.
        source.execute("""
                UPDATE everything SET n = 1.00 WHERE id = 10;                           -- same value, other scale
                UPDATE everything SET j = '{"a":1}' WHERE id = 1;                        -- json whitespace only
                UPDATE everything SET ta = ARRAY['NULL'] WHERE id = 5;                   -- NULL element -> 'NULL' string
                UPDATE everything SET iv = '24 hours' WHERE id = 3;                      -- '-178000000 years' -> 24:00:00
                UPDATE everything SET t = overlay(t placing 'X' from 2560000) WHERE id = 4;  -- one byte inside 5 MB
                UPDATE everything SET pt = '(1.5,-2.26)', x = '<a b="2"/>' WHERE id = 101;  -- no equality operator
                UPDATE everything SET m = NULL, code = NULL WHERE id = 102;              -- value -> NULL
                UPDATE everything SET b = '\\x0000'::bytea, ma = '{sad,NULL}' WHERE id = 2;  -- NULL -> value
                UPDATE everything SET f8 = 0.0 WHERE id = 5;                             -- -0 -> 0
                """);
        // Rows missing on the target go in through the staging table (not the direct COPY); rows 1
        // and 3 changed on the source too, so they count as inserted: 6 rows remain to be updated
        // (10, 4, 5, 101, 102, 2).
        target.execute("DELETE FROM everything WHERE id IN (1, 3, 103)");

        JsonRun second = sync();
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertEqual();
        assertThat(target.queryString("SELECT n::text FROM everything WHERE id = 10")).isEqualTo("1.00");
        assertThat(second.count("public.everything", "inserted")).isEqualTo(3);
        assertThat(second.count("public.everything", "updated")).isEqualTo(6);
        assertThat(second.count("public.everything", "unchanged")).isEqualTo(2006 - 3 - 6);

        JsonRun third = sync();
        assertThat(third.exitCode()).as(third.all()).isZero();
        assertThat(third.count("public.everything", "updated")).isZero();
        assertThat(third.count("public.everything", "inserted")).isZero();
        assertThat(third.count("public.everything", "unchanged")).isEqualTo(2006);
        assertEqual();
    }
}
