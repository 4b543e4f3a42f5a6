package io.pgtide.runner.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * maxRowsPerSecond holds the whole run (all tables and workers) to its rate; the adaptive rate falls
 * while the target is slow and rises again once it recovers; a throttled run still stops promptly.
 */
class RateLimitTest {
    private static final String SCHEMA = "CREATE TABLE %s (id int PRIMARY KEY, v text, h text);";

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("ratelimit_src");
        target = TestPostgres.primary().createDatabase("ratelimit_tgt");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private void table(String name, int rows) {
        source.execute(SCHEMA.formatted(name) + "INSERT INTO " + name
                + " SELECT g, 'value ' || g, md5(g::text) FROM generate_series(1, " + rows + ") g; ANALYZE " + name + ";");
        target.execute(SCHEMA.formatted(name));
    }

    @Test
    void theCeilingHoldsForAllTablesTogether() {
        table("a", 1_500);
        table("b", 1_500);

        long start = System.nanoTime();
        JsonRun run = JsonRun.of(Cli.syncArgs(source, target, "--table", "a", "--table", "b", "--parallel", "2",
                "--checkpoint-rows", "250", "--max-rows-per-second", "1000"));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(run.exitCode()).as(run.all()).isZero();
        // 3,000 rows at 1,000 rows/s over both workers: about 3 s (the limiter's first period is free).
        // Only a lower bound: a busy machine is slower, never faster.
        assertThat(seconds).as(run.all()).isGreaterThan(2.5);
        assertThat(rateEvents(run)).extracting(e -> e.path("rowsPerSecond").asLong()).containsExactly(1_000L);
        assertThat(target.checksum("a", "id")).isEqualTo(source.checksum("a", "id"));
        assertThat(target.checksum("b", "id")).isEqualTo(source.checksum("b", "id"));
    }

    @Test
    void theAdaptiveRateFallsWhileTheTargetIsSlowAndRisesWhenItRecovers() throws Exception {
        table("items", 20_000);
        // The target slows down on demand: every insert statement (a chunk's COPY) sleeps for the delay
        // in its control table, which this test sets mid-run and clears again.
        target.execute("""
                CREATE TABLE test_delay (ms int NOT NULL);
                INSERT INTO test_delay VALUES (0);
                CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN PERFORM pg_sleep((SELECT ms FROM test_delay) / 1000.0); RETURN NULL; END';
                CREATE TRIGGER slow_down AFTER INSERT ON items FOR EACH STATEMENT EXECUTE FUNCTION slow_down();
                """);
        List<String> args = Cli.syncArgs(source, target, "--table", "items", "--checkpoint-rows", "200",
                "--max-rows-per-second", "4000", "--adaptive-rate");

        CompletableFuture<JsonRun> running = CompletableFuture.supplyAsync(() -> JsonRun.of(args));
        awaitRowsRead(running, 2_000);
        Instant slowFrom = Instant.now();
        target.execute("UPDATE test_delay SET ms = 300");
        long slowAt = awaitRowsRead(running, 0);
        awaitRowsRead(running, slowAt + 600);
        target.execute("UPDATE test_delay SET ms = 0");
        Instant slowUntil = Instant.now();
        JsonRun run = running.get(120, TimeUnit.SECONDS);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.table("public.items").path("result").asText()).isEqualTo("synced");
        List<JsonNode> changes = rateEvents(run);
        assertThat(changes.get(0).path("rowsPerSecond").asLong()).isEqualTo(4_000);
        // While the target was slow the rate fell...
        long lowest = Long.MAX_VALUE;
        for (JsonNode e : changes) {
            Instant at = Instant.parse(e.path("time").asText());
            if (!at.isBefore(slowFrom) && !at.isAfter(slowUntil)) {
                lowest = Math.min(lowest, e.path("rowsPerSecond").asLong());
            }
        }
        assertThat(lowest).as(run.all()).isLessThan(4_000);
        assertThat(run.all()).contains("slowing down: target write latency");
        // ...and after it recovered it rose again.
        long lowestSeen = lowest;
        assertThat(changes).as(run.all()).anySatisfy(e -> {
            assertThat(Instant.parse(e.path("time").asText())).isAfter(slowUntil);
            assertThat(e.path("rowsPerSecond").asLong()).isGreaterThan(lowestSeen);
            assertThat(e.path("reason").asText()).startsWith("speeding up");
        });
        assertThat(target.queryLong("SELECT count(*) FROM items")).isEqualTo(20_000);
        assertThat(target.checksum("items", "id")).isEqualTo(source.checksum("items", "id"));
    }

    @Test
    void aThrottledRunStopsPromptlyAtTheTimeoutAndResumes() {
        table("items", 2_000);
        List<String> args = Cli.syncArgs(source, target, "--table", "items", "--checkpoint-rows", "500");
        List<String> throttled = new ArrayList<>(args);
        // 2,000 rows at 50 rows/s would take 40 s, one chunk 10 s.
        throttled.addAll(List.of("--max-rows-per-second", "50", "--timeout", "2s"));

        long start = System.nanoTime();
        Cli.Result first = Cli.run(throttled.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(first.out()).contains("Sync interrupted (the timeout of 2s was reached)");
        assertThat(first.out()).contains("rate limit: 50 rows/s (maxRowsPerSecond)");
        // Stopped within the chunk it was throttling, not after it.
        assertThat(seconds).as(first.all()).isLessThan(8);
        long copied = target.queryLong("SELECT count(*) FROM items");
        assertThat(copied).isGreaterThan(0).isLessThan(500);
        assertThat(target.queryLong("SELECT rows_read FROM pgtide.sync_checkpoint")).isEqualTo(copied);

        Cli.Result rerun = Cli.run(args.toArray(String[]::new));
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(rerun.out()).contains("public.items: resuming after " + copied + " rows");
        assertThat(target.checksum("items", "id")).isEqualTo(source.checksum("items", "id"));
    }

    private static List<JsonNode> rateEvents(JsonRun run) {
        return run.events().stream().filter(e -> "rateLimit".equals(e.path("event").asText())).toList();
    }

    /** Waits until the items checkpoint is at least {@code rows}; returns it. Fails if the run ends first. */
    private long awaitRowsRead(CompletableFuture<JsonRun> running, long rows) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            long read = Checkpoints.itemsRowsRead(target);
            if (read >= rows) {
                return read;
            }
            if (running.isDone()) {
                throw new AssertionError("the run ended before " + rows + " rows:\n" + running.get().all());
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no checkpoint past " + rows + " rows within 60 s");
    }
}
