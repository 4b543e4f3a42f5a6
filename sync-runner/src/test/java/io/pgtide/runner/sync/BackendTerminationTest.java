package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The target backend that writes a table is terminated mid-run (as a failover or an admin would):
 * the table is retried from its last checkpoint and the run still ends with target = source.
 */
class BackendTerminationTest {
    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("term_src");
        target = TestPostgres.primary().createDatabase("term_tgt");
        String ddl = "CREATE TABLE events (id int PRIMARY KEY, body text NOT NULL);";
        source.execute(ddl + "INSERT INTO events SELECT g, repeat('x', 50) FROM generate_series(1, 4000) g;");
        // A per-row delay on the target keeps the run going long enough to be interrupted.
        target.execute(ddl + """
                CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_sleep(0.001); RETURN NEW; END $$;
                CREATE TRIGGER slow BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION slow();
                """);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void terminatedTargetBackendIsRetriedFromTheCheckpoint() {
        List<String> args = Cli.syncArgs(source, target, "--table", "events", "--checkpoint-rows", "500");
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(args.toArray(String[]::new)));

        await().atMost(30, TimeUnit.SECONDS).until(() -> target.queryLong("SELECT count(*) FROM events") >= 1000);
        long terminated = target.queryLong("""
                SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'pgtide-target'
                  AND pid <> pg_backend_pid() AND query LIKE 'COPY%') t""");
        assertThat(terminated).isEqualTo(1);

        Cli.Result result = run.join();
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(target.checksum("events", "id")).isEqualTo(source.checksum("events", "id"));
        // Resumed, not restarted: every source row was inserted exactly once overall.
        assertThat(result.out()).containsPattern("public\\.events\\s+synced\\s+4,000\\s+4,000");
    }
}
