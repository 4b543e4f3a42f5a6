package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --delete-missing} with keys that make key ranges tricky: a key typed differently on the two
 * sides (ordered differently), NULL key values on the target, duplicate keys on the target. Each case
 * runs in small chunks, so that ranges are used, and checks the preview predicts the same counts.
 */
class DeleteMissingKeysTest {
    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("delkeys_src");
        target = TestPostgres.primary().createDatabase("delkeys_tgt");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private JsonRun run(String command, String... options) {
        List<String> args = new ArrayList<>(Cli.syncArgs(source, target, options));
        args.set(0, command);
        return JsonRun.of(args);
    }

    @Test
    void aKeyTypedTextOnTheSourceAndIntegerOnTheTargetDeletesOnlyRowsTheSourceLacks() {
        // As text, '10' sorts before '9': source chunk boundaries are not ascending as integers.
        source.execute("CREATE TABLE a (id text PRIMARY KEY, v text); INSERT INTO a SELECT g::text, 'v' || g FROM generate_series(1, 30) g;");
        target.execute("CREATE TABLE a (id int PRIMARY KEY, v text); INSERT INTO a SELECT g, 'v' || g FROM generate_series(1, 31) g;");

        JsonRun preview = run("preview", "--table", "a", "--delete-missing", "--checkpoint-rows", "5");
        JsonRun sync = run("sync", "--table", "a", "--delete-missing", "--checkpoint-rows", "5");

        assertThat(sync.exitCode()).as(sync.all()).isZero();
        assertThat(sync.count("public.a", "deleted")).isEqualTo(1);
        assertThat(target.queryLong("SELECT count(*) FROM a")).isEqualTo(30);
        assertThat(target.queryLong("SELECT count(*) FROM a WHERE id = 31")).isZero();
        assertThat(preview.exitCode()).as(preview.all()).isZero();
        assertThat(preview.count("public.a", "toDelete")).isEqualTo(sync.count("public.a", "deleted"));
    }

    @Test
    void targetRowsWithANullKeyAreDeletedWhateverTheChunkSize() {
        source.execute("CREATE TABLE a (k int PRIMARY KEY, v text); INSERT INTO a SELECT g, 'v' || g FROM generate_series(1, 6) g;");
        target.execute("CREATE TABLE a (k int UNIQUE, v text); INSERT INTO a SELECT g, 'v' || g FROM generate_series(1, 6) g;"
                + " INSERT INTO a VALUES (NULL, 'orphan 1'), (NULL, 'orphan 2');");

        JsonRun preview = run("preview", "--table", "a", "--key", "a=k", "--delete-missing", "--checkpoint-rows", "2");
        JsonRun sync = run("sync", "--table", "a", "--key", "a=k", "--delete-missing", "--checkpoint-rows", "2");

        assertThat(sync.exitCode()).as(sync.all()).isZero();
        assertThat(sync.count("public.a", "deleted")).isEqualTo(2);
        assertThat(target.queryLong("SELECT count(*) FROM a WHERE k IS NULL")).isZero();
        assertThat(target.checksum("a", "k")).isEqualTo(source.checksum("a", "k"));
        assertThat(preview.count("public.a", "toDelete")).isEqualTo(2);
    }

    @Test
    void duplicateKeysOnTheTargetNeverMakeACountNegative() {
        source.execute("CREATE TABLE a (k int NOT NULL, v text); INSERT INTO a SELECT g, 'new' FROM generate_series(1, 5) g;");
        target.execute("CREATE TABLE a (k int, v text); INSERT INTO a SELECT g, 'old' FROM generate_series(1, 5) g;"
                + " INSERT INTO a VALUES (3, 'old'), (4, 'old');");

        JsonRun sync = run("sync", "--table", "a", "--key", "a=k");

        assertThat(sync.exitCode()).as(sync.all()).isZero();
        assertThat(sync.count("public.a", "unchanged")).isNotNegative();
        assertThat(sync.count("public.a", "updated")).isEqualTo(7);
        assertThat(target.queryLong("SELECT count(*) FROM a WHERE v = 'new'")).isEqualTo(7);
    }
}
