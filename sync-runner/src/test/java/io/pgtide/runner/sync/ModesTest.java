package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Truncate, Append and Merge with each conflict strategy, through the CLI. */
class ModesTest {
    private static final String SCHEMA = "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL, label text);";

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("modes_src");
        target = TestPostgres.primary().createDatabase("modes_tgt");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private Cli.Result sync(String... extra) {
        List<String> args = Cli.syncArgs(source, target, "--table", "items", "--checkpoint-rows", "1000");
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private String label(long id) {
        return target.queryString("SELECT label FROM items WHERE id = " + id);
    }

    @Test
    void truncateFailingOnALateRowLeavesTheOldRows() {
        source.execute(SCHEMA + "INSERT INTO items SELECT g, g % 900, 'src' FROM generate_series(1, 5000) g;"
                + " UPDATE items SET v = 5000 WHERE id = 4900;");
        target.execute(SCHEMA.replace("v int NOT NULL", "v int NOT NULL CHECK (v < 1000)")
                + "INSERT INTO items SELECT g, 1, 'old' FROM generate_series(1, 3000) g;");
        String before = target.checksum("items", "id");

        Cli.Result r = sync("--mode", "truncate");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.all()).contains("items_v_check");
        assertThat(target.checksum("items", "id")).isEqualTo(before);

        // Once the source is fixed, Truncate replaces the contents.
        source.execute("UPDATE items SET v = 1 WHERE id = 4900");
        Cli.Result ok = sync("--mode", "truncate");
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(target.checksum("items", "id")).isEqualTo(source.checksum("items", "id"));
        assertThat(ok.out()).containsPattern("public\\.items\\s+synced\\s+5,000\\s+5,000\\s+0\\s+3,000\\s");
    }

    @Test
    void appendInsertsNewKeysOnlyAndNeverUpdatesOrDeletes() {
        source.execute(SCHEMA + "INSERT INTO items SELECT g, g, 'src' FROM generate_series(1, 3000) g;");
        target.execute(SCHEMA + "INSERT INTO items SELECT g, -g, 'tgt' FROM generate_series(1001, 2000) g;"
                + " INSERT INTO items VALUES (9999, 0, 'target only');");
        Cli.Result r = sync("--mode", "append", "--delete-missing");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM items")).isEqualTo(3001);
        assertThat(target.queryLong("SELECT count(*) FROM items WHERE label = 'tgt' AND v = -id")).isEqualTo(1000);
        assertThat(target.queryLong("SELECT count(*) FROM items WHERE label = 'src' AND v = id")).isEqualTo(2000);
        assertThat(label(9999)).isEqualTo("target only");
        assertThat(r.out()).containsPattern("public\\.items\\s+synced\\s+3,000\\s+2,000\\s+0\\s+0\\s+0\\s+1,000\\s");

        source.execute("UPDATE items SET label = 'changed'; INSERT INTO items VALUES (3001, 1, 'late');");
        Cli.Result again = sync("--mode", "append");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM items WHERE label = 'changed'")).isZero();
        assertThat(label(3001)).isEqualTo("late");
        assertThat(target.queryLong("SELECT count(*) FROM items")).isEqualTo(3002);
    }

    private void firstSyncThenDiverge() {
        source.execute(SCHEMA + "INSERT INTO items SELECT g, g, 'v1' FROM generate_series(1, 3000) g WHERE g NOT IN (500, 1500);");
        target.execute(SCHEMA);
        assertThat(sync().exitCode()).isZero();
        // Target edits a row in the second chunk; the source adds a row to the first and the second chunk.
        target.execute("UPDATE items SET label = 'target edit' WHERE id = 1234");
        source.execute("INSERT INTO items VALUES (500, 500, 'new'), (1500, 1500, 'new')");
    }

    @Test
    void mergeTargetWinsKeepsTargetVersions() {
        firstSyncThenDiverge();
        source.execute("UPDATE items SET label = 'source edit' WHERE id IN (10, 2000)");
        Cli.Result r = sync("--conflict", "target-wins");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(label(1234)).isEqualTo("target edit");
        assertThat(label(10)).isEqualTo("v1");
        assertThat(label(2000)).isEqualTo("v1");
        assertThat(label(500)).isEqualTo("new");
        assertThat(label(1500)).isEqualTo("new");
        // 3 rows differ and keep their target version (skipped); the others are equal (unchanged).
        assertThat(r.out()).containsPattern("public\\.items\\s+synced\\s+3,000\\s+2\\s+0\\s+0\\s+2,995\\s+3\\s");
    }

    @Test
    void mergeConflictFailNamesTheKeyAndWritesNothingOfThatChunk() {
        firstSyncThenDiverge();
        // Without a backup, so that the aborted run is not rolled back and its committed chunks show.
        Cli.Result r = sync("--conflict", "fail", "--backup", "disabled");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.all()).contains("(1234)").contains("conflict strategy is fail");
        assertThat(label(1234)).isEqualTo("target edit");
        // The first chunk was committed before the conflict; nothing of the second one was.
        assertThat(label(500)).isEqualTo("new");
        assertThat(target.queryLong("SELECT count(*) FROM items WHERE id = 1500")).isZero();
    }

    @Test
    void mergeSourceWinsUpdatesChangedRows() {
        firstSyncThenDiverge();
        source.execute("UPDATE items SET v = -v WHERE id % 100 = 0");
        Cli.Result r = sync("--conflict", "source-wins");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(target.checksum("items", "id")).isEqualTo(source.checksum("items", "id"));
        assertThat(label(1234)).isEqualTo("v1");
        // 28 rows with id % 100 = 0 that were synced before, plus the target edit of 1234.
        assertThat(r.out()).containsPattern("public\\.items\\s+synced\\s+3,000\\s+2\\s+29\\s+0\\s+2,969\\s+0\\s");
    }
}
