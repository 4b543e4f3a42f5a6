package io.pgtide.runner.preview;

import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key whose target collation is nondeterministic ('a' = 'A'): the sync matches keys under that
 * collation, the preview by exact text, so the preview must say its counts may differ.
 */
class PreviewCollationTest {
    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("pvcoll_src");
        target = TestPostgres.primary().createDatabase("pvcoll_tgt");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void aNondeterministicKeyCollationOnTheTargetIsWarnedAbout() {
        source.execute("CREATE TABLE a (id text PRIMARY KEY, v text); INSERT INTO a VALUES ('a', '1'), ('B', '2'), ('c', '3');");
        target.execute("CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);"
                + " CREATE TABLE a (id text COLLATE ci PRIMARY KEY, v text); INSERT INTO a VALUES ('A', '1'), ('b', '2'), ('c', '3');");

        PreviewRuns.Run preview = PreviewRuns.run("preview", source, target.url(), List.of("--table", "a", "--delete-missing"));

        assertThat(preview.result().exitCode()).as(preview.result().all()).isZero();
        assertThat(preview.table("public.a").path("warnings").toString()).contains("nondeterministic collation");
    }

    @Test
    void anOrdinaryTextKeyHasNoSuchWarning() {
        String schema = "CREATE TABLE a (id text PRIMARY KEY, v text); INSERT INTO a VALUES ('a', '1'), ('c', '3');";
        source.execute(schema);
        target.execute(schema);

        PreviewRuns.Run preview = PreviewRuns.run("preview", source, target.url(), List.of("--table", "a"));

        assertThat(preview.result().exitCode()).as(preview.result().all()).isZero();
        assertThat(preview.table("public.a").path("warnings").toString()).doesNotContain("collation");
    }
}
