package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How rows are identified: a non-null unique index, --key (composite, text in C order), no key at all. */
class KeysTest {
    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("keys_src");
        target = TestPostgres.primary().createDatabase("keys_tgt");
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

    private long duplicates(String table, String key) {
        return target.queryLong("SELECT count(*) FROM (SELECT " + key + " FROM " + table + " GROUP BY " + key
                + " HAVING count(*) > 1) d");
    }

    @Test
    void nonNullUniqueIndexIsTheKeyAndTheTableIsChunked() {
        String schema = "CREATE TABLE codes (code text NOT NULL, n int, note text); CREATE UNIQUE INDEX codes_code ON codes (code);";
        source.execute(schema + "INSERT INTO codes SELECT 'k' || g, g, 'x' FROM generate_series(1, 2500) g;");
        target.execute(schema);
        Cli.Result first = sync("--table", "codes", "--checkpoint-rows", "300");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.all()).doesNotContain("one transaction");
        assertThat(target.checksum("codes", "code COLLATE \"C\"")).isEqualTo(source.checksum("codes", "code COLLATE \"C\""));

        source.execute("UPDATE codes SET note = 'y' WHERE n % 10 = 0; DELETE FROM codes WHERE n % 25 = 1;"
                + " INSERT INTO codes VALUES ('k0', 0, 'new');");
        Cli.Result second = sync("--table", "codes", "--checkpoint-rows", "300", "--delete-missing");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(target.checksum("codes", "code COLLATE \"C\"")).isEqualTo(source.checksum("codes", "code COLLATE \"C\""));
        assertThat(second.out()).containsPattern("public\\.codes\\s+synced\\s+2,401\\s+1\\s+250\\s+100\\s+2,150\\s");
    }

    private static final String PAIRS = "CREATE TABLE pairs (name text NOT NULL, n int NOT NULL, v text);";

    @Test
    void compositeKeyGivenWithKeyOptionUsesByteOrderForText() {
        String data = """
                INSERT INTO pairs SELECT w, g, w || g
                FROM unnest(ARRAY['apple', 'Apple', 'APPLE', 'banana', 'Banana', 'äpfel', 'Äpfel', 'zebra', 'Zebra', 'été',
                                  'Ete', 'ete', 'ß', 'ss', 'SS', '日本', 'a b', 'a-b', 'ab', '_x']) w,
                     generate_series(1, 40) g;
                """;
        source.execute(PAIRS + data);
        // The target's default collation orders text differently from "C"; chunk bounds must still agree.
        target.execute(PAIRS.replace("name text NOT NULL", "name text COLLATE \"en-x-icu\" NOT NULL"));
        String[] args = {"--table", "pairs", "--key", "pairs=name,n", "--checkpoint-rows", "7"};
        Cli.Result first = sync(args);
        assertThat(first.exitCode()).as(first.all()).isZero();
        String order = "name COLLATE \"C\", n";
        assertThat(target.checksum("pairs", order)).isEqualTo(source.checksum("pairs", order));
        assertThat(first.all()).contains("no unique index on the key");

        source.execute("UPDATE pairs SET v = upper(v) WHERE n % 3 = 0; DELETE FROM pairs WHERE n = 7;"
                + " INSERT INTO pairs VALUES ('Ångström', 1, 'new'), ('ångström', 1, 'new');");
        Cli.Result second = sync(args[0], args[1], args[2], args[3], args[4], args[5], "--delete-missing");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(target.checksum("pairs", order)).isEqualTo(source.checksum("pairs", order));
        assertThat(duplicates("pairs", "name, n")).isZero();
        assertThat(second.out()).containsPattern("public\\.pairs\\s+synced\\s+782\\s+2\\s+\\d[\\d,]*\\s+20\\s");

        // A resync without changes finds nothing to do (no row straddles a chunk boundary twice).
        Cli.Result third = sync(args);
        assertThat(third.exitCode()).as(third.all()).isZero();
        assertThat(third.out()).containsPattern("public\\.pairs\\s+synced\\s+782\\s+0\\s+0\\s+0\\s+782\\s");
    }

    @Test
    void tableWithoutAnyKeyIsReplacedInOneTransaction() {
        String schema = "CREATE TABLE log (at int, msg text);";
        source.execute(schema + "INSERT INTO log SELECT g % 50, 'm' || g FROM generate_series(1, 3000) g;"
                + " INSERT INTO log SELECT 1, 'm1' FROM generate_series(1, 5);");
        target.execute(schema + "INSERT INTO log VALUES (0, 'target only');");
        Cli.Result first = sync("--table", "log", "--checkpoint-rows", "100");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.all()).contains("whole table is replaced in one transaction");
        String order = "at, msg";
        assertThat(target.checksum("log", order)).isEqualTo(source.checksum("log", order));

        source.execute("DELETE FROM log WHERE at = 3; INSERT INTO log VALUES (99, 'late');");
        Cli.Result second = sync("--table", "log", "--checkpoint-rows", "100");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(target.checksum("log", order)).isEqualTo(source.checksum("log", order));
        assertThat(target.queryLong("SELECT count(*) FROM log")).isEqualTo(source.queryLong("SELECT count(*) FROM log"));
    }

    @Test
    void nullableKeyColumnIsAValidationError() {
        source.execute(PAIRS.replace("n int NOT NULL", "n int") + "INSERT INTO pairs VALUES ('a', 1, 'x');");
        target.execute(PAIRS);
        Cli.Result r = sync("--table", "pairs", "--key", "pairs=name,n");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(5);
        assertThat(r.all()).contains("key column \"n\" is nullable on the source").contains("nothing was written");
        assertThat(target.queryLong("SELECT count(*) FROM pairs")).isZero();
    }
}
