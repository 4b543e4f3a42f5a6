package io.pgtide.runner.sync;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.RunnerProcess;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM and --timeout stop a run cleanly at a checkpoint with exit code 4; a rerun completes it. */
class InterruptTest {
    private static final int ROWS = 300_000;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("interrupt_src");
        target = TestPostgres.primary().createDatabase("interrupt_tgt");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void sigtermStopsAtACheckpointWithExitCode4AndARerunResumes() {
        source.execute(CrashResumeTest.SCHEMA + """
                INSERT INTO items SELECT g, 'item ' || g, md5(g::text) FROM generate_series(1, %d) g;
                INSERT INTO item_notes SELECT g, g, 'note ' || g FROM generate_series(1, 1000) g;
                ANALYZE;
                """.formatted(ROWS));
        target.execute(CrashResumeTest.SCHEMA);
        List<String> args = Cli.syncArgs(source, target, "--table", "items", "--table", "item_notes", "--checkpoint-rows", "5000");

        RunnerProcess runner = RunnerProcess.start(args);
        Checkpoints.awaitItemsAtLeast(runner, target, 10_000);
        runner.terminate();
        int code = runner.waitFor(60);

        assertThat(code).as(runner.all()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(runner.out()).contains("Sync interrupted (stopped by a termination signal)")
                .contains("Run the same command again to resume")
                .containsPattern("public\\.items\\s+interrupted");
        assertThat(runner.all()).doesNotContain("Exception");
        long rowsRead = Checkpoints.itemsRowsRead(target);
        assertThat(rowsRead).isGreaterThanOrEqualTo(10_000).isLessThan(ROWS);
        assertThat(target.queryLong("SELECT count(*) FROM items")).isEqualTo(rowsRead);
        // The child was never started: its parent did not finish.
        assertThat(target.queryLong("SELECT count(*) FROM item_notes")).isZero();

        Cli.Result rerun = Cli.run(args.toArray(String[]::new));
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(rerun.out()).contains("public.items: resuming after " + rowsRead + " rows");
        assertThat(target.checksum("items", "id")).isEqualTo(source.checksum("items", "id"));
        assertThat(target.checksum("item_notes", "id")).isEqualTo(source.checksum("item_notes", "id"));
    }

    @Test
    void timeoutStopsWithExitCode4AndARerunCompletes() {
        String schema = "CREATE TABLE slow (id int PRIMARY KEY, v text);";
        source.execute(schema + "INSERT INTO slow SELECT g, 'v' || g FROM generate_series(1, 40) g;");
        // Every row written to the target takes 50 ms: 40 rows take 2 s, twice the timeout.
        target.execute(schema + """
                CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END';
                CREATE TRIGGER slow_down BEFORE INSERT ON slow FOR EACH ROW EXECUTE FUNCTION slow_down();
                """);
        List<String> args = Cli.syncArgs(source, target, "--table", "slow", "--checkpoint-rows", "4");

        long start = System.nanoTime();
        List<String> withTimeout = new java.util.ArrayList<>(args);
        withTimeout.addAll(List.of("--timeout", "1s"));
        Cli.Result first = Cli.run(withTimeout.toArray(String[]::new));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(first.out()).contains("Sync interrupted (the timeout of 1s was reached)")
                .containsPattern("public\\.slow\\s+interrupted");
        assertThat(millis).isLessThan(10_000);
        long copied = target.queryLong("SELECT count(*) FROM slow");
        assertThat(copied).isGreaterThan(0).isLessThan(40);
        assertThat(target.queryLong("SELECT rows_read FROM pgtide.sync_checkpoint")).isEqualTo(copied);

        Cli.Result rerun = Cli.run(args.toArray(String[]::new));
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(rerun.out()).contains("public.slow: resuming after " + copied + " rows");
        assertThat(target.checksum("slow", "id")).isEqualTo(source.checksum("slow", "id"));
    }

    @Test
    void aStopWhoseConnectionsAreCutIsInterruptedAndResumedNotAbortedAndRolledBack() throws Exception {
        String schema = "CREATE TABLE slow (id int PRIMARY KEY, v text);";
        source.execute(schema + "INSERT INTO slow SELECT g, 'v' || g FROM generate_series(1, 200) g;");
        target.execute(schema + """
                CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END';
                CREATE TRIGGER slow_down BEFORE INSERT ON slow FOR EACH ROW EXECUTE FUNCTION slow_down();
                """);
        List<String> args = Cli.syncArgs(source, target, "--table", "slow", "--checkpoint-rows", "10",
                "--on-table-error", "abort");
        CancelToken cancel = new CancelToken();

        // What a pod being stopped may see: the stop request, then its database sessions cut while a
        // chunk is being written (each chunk takes about half a second here).
        java.util.concurrent.CompletableFuture<Cli.Result> run =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> Cli.run(cancel, args.toArray(String[]::new)));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> target.queryLong("SELECT count(*) FROM slow") >= 20);
        cancel.cancel("stopped by a termination signal");
        target.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name LIKE 'pgtide-%'");
        Cli.Result first = run.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(first.out()).doesNotContain("rolled back").containsPattern("public\\.slow\\s+interrupted");
        long kept = target.queryLong("SELECT count(*) FROM slow");
        assertThat(kept).isGreaterThanOrEqualTo(20);
        assertThat(target.queryLong("SELECT rows_read FROM pgtide.sync_checkpoint")).isEqualTo(kept);

        Cli.Result rerun = Cli.run(args.toArray(String[]::new));
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(rerun.out()).contains("public.slow: resuming after " + kept + " rows");
        assertThat(target.checksum("slow", "id")).isEqualTo(source.checksum("slow", "id"));
    }
}
