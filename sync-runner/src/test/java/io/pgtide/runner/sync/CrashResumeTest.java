package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.RunnerProcess;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner is killed with SIGKILL (no shutdown hook, no cleanup) in the middle of a table; the
 * same command run again resumes from the last committed checkpoint and ends with the target equal
 * to the source, nothing lost, nothing duplicated, nothing before the checkpoint rewritten.
 */
class CrashResumeTest {
    static final String SCHEMA = """
            CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, pad text);
            CREATE TABLE item_notes (id int PRIMARY KEY, item_id int NOT NULL REFERENCES items (id), note text);
            """;
    static final int ROWS = 300_000;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("crash_src");
        target = TestPostgres.primary().createDatabase("crash_tgt");
        source.execute(SCHEMA + """
                INSERT INTO items SELECT g, 'item ' || g, md5(g::text) FROM generate_series(1, %d) g;
                INSERT INTO item_notes SELECT g, (g * 7) %% %d + 1, 'note ' || g FROM generate_series(1, 40000) g;
                ANALYZE;
                """.formatted(ROWS, ROWS));
        target.execute(SCHEMA);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private List<String> args() {
        return Cli.syncArgs(source, target, "--table", "items", "--table", "item_notes", "--checkpoint-rows", "5000");
    }

    @Test
    void killedMidTableResumesFromItsCheckpoint() {
        RunnerProcess first = RunnerProcess.start(args());
        long atKill = Checkpoints.killWhenItemsBetween(first, target, 10_000, ROWS - 50_000);

        // What the killed run left: exactly the committed chunks, and a checkpoint that says so.
        assertThat(atKill).isBetween(10_000L, (long) ROWS - 50_000);
        long rowsRead = Checkpoints.itemsRowsRead(target);
        long lastKey = Long.parseLong(target.queryString(
                "SELECT last_key[1] FROM pgtide.sync_checkpoint WHERE table_name = '\"public\".\"items\"'"));
        assertThat(target.queryLong("SELECT count(*) FROM items")).isEqualTo(rowsRead);
        assertThat(target.queryLong("SELECT max(id) FROM items")).isEqualTo(lastKey);
        assertThat(rowsRead).isLessThan(ROWS).isGreaterThan(0);
        assertThat(target.queryLong("SELECT count(*) FROM item_notes")).isZero();
        String versionsBefore = target.queryString("SELECT md5(string_agg(xmin::text, ',' ORDER BY id)) FROM items");

        RunnerProcess second = RunnerProcess.start(args());
        int code = second.waitFor(60);
        assertThat(code).as(second.all()).isZero();
        assertThat(second.out()).contains("public.items: resuming after " + rowsRead + " rows")
                .containsPattern("public\\.items\\s+synced\\s+300,000\\s+300,000\\s+0\\s+0\\s+0\\s+0");
        assertEqualNoDuplicates();
        // The rows committed before the kill were not written again: same row versions.
        assertThat(target.queryString("SELECT md5(string_agg(xmin::text, ',' ORDER BY id)) FROM items WHERE id <= " + lastKey))
                .isEqualTo(versionsBefore);
        // A finished job forgets its checkpoints.
        assertThat(target.queryLong("SELECT count(*) FROM pgtide.sync_checkpoint")).isZero();
    }

    @Test
    void killedDuringMergeResyncResumesFromItsCheckpoint() {
        Cli.Result initial = Cli.run(args().toArray(String[]::new));
        assertThat(initial.exitCode()).as(initial.all()).isZero();
        source.execute("""
                UPDATE items SET name = name || ' v2' WHERE id % 3 = 0;
                INSERT INTO items SELECT g, 'new ' || g, 'p' FROM generate_series(300001, 302000) g;
                UPDATE item_notes SET note = note || ' v2' WHERE id % 2 = 0;
                """);

        RunnerProcess first = RunnerProcess.start(args());
        Checkpoints.killWhenItemsBetween(first, target, 10_000, ROWS - 50_000);
        long lastKey = Long.parseLong(target.queryString(
                "SELECT last_key[1] FROM pgtide.sync_checkpoint WHERE table_name = '\"public\".\"items\"'"));
        long rowsRead = Checkpoints.itemsRowsRead(target);
        assertThat(rowsRead).isEqualTo(lastKey);
        // Chunk-exact: rows up to the checkpoint carry the source's changes, rows after it do not yet.
        assertThat(target.queryLong("SELECT count(*) FROM items WHERE id % 3 = 0 AND name LIKE '% v2' AND id <= " + lastKey))
                .isEqualTo(lastKey / 3);
        assertThat(target.queryLong("SELECT count(*) FROM items WHERE name LIKE '% v2' AND id > " + lastKey)).isZero();

        // A row before the checkpoint is changed on the target behind the runner's back: a resume
        // does not look at it again, a restart would overwrite it.
        target.execute("UPDATE items SET name = 'tampered' WHERE id = 1");

        RunnerProcess second = RunnerProcess.start(args());
        int code = second.waitFor(60);
        assertThat(code).as(second.all()).isZero();
        assertThat(second.out()).contains("public.items: resuming after " + rowsRead + " rows");
        // Counts carry over from the checkpoint: 100,000 updated and 2,000 inserted over both runs.
        assertThat(second.out()).containsPattern("public\\.items\\s+synced\\s+302,000\\s+2,000\\s+100,000\\s+0\\s+200,000\\s+0");
        assertThat(target.queryString("SELECT name FROM items WHERE id = 1")).isEqualTo("tampered");
        assertThat(target.checksum("(SELECT * FROM items WHERE id <> 1)", "id"))
                .isEqualTo(source.checksum("(SELECT * FROM items WHERE id <> 1)", "id"));
        assertThat(target.checksum("item_notes", "id")).isEqualTo(source.checksum("item_notes", "id"));
        assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM items")).isZero();
    }

    private void assertEqualNoDuplicates() {
        assertThat(target.checksum("items", "id")).isEqualTo(source.checksum("items", "id"));
        assertThat(target.checksum("item_notes", "id")).isEqualTo(source.checksum("item_notes", "id"));
        assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM items")).isZero();
        assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM item_notes")).isZero();
    }
}
