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
 * Every table is read from the one snapshot taken when the run started: source changes made while
 * the run is busy with another table do not reach the target in that run.
 */
class SnapshotConsistencyTest {
    private static final String SCHEMA = """
            CREATE TABLE accounts (id int PRIMARY KEY, name text);
            CREATE TABLE transfers (id int PRIMARY KEY, account_id int NOT NULL REFERENCES accounts, amount int);
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("snap_src");
        target = TestPostgres.primary().createDatabase("snap_tgt");
        source.execute(SCHEMA + """
                INSERT INTO accounts SELECT g, 'a' || g FROM generate_series(1, 300) g;
                INSERT INTO transfers SELECT g, g % 300 + 1, g FROM generate_series(1, 100) g;
                """);
        // The parent table is written slowly, so the child is read well after the run started.
        target.execute(SCHEMA + """
                CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_sleep(0.005); RETURN NEW; END $$;
                CREATE TRIGGER slow BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION slow();
                """);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void changesMadeDuringTheRunAreNotSeen() {
        List<String> args = Cli.syncArgs(source, target, "--table", "accounts", "--table", "transfers", "--checkpoint-rows", "50");
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(args.toArray(String[]::new)));
        await().atMost(30, TimeUnit.SECONDS).until(() -> target.queryLong("SELECT count(*) FROM accounts") >= 50);
        assertThat(target.queryLong("SELECT count(*) FROM transfers")).as("the child has not started yet").isZero();
        source.execute("INSERT INTO transfers VALUES (1000, 1, 999); UPDATE transfers SET amount = -1 WHERE id = 1;"
                + " DELETE FROM transfers WHERE id = 2;");

        Cli.Result result = run.join();
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM transfers")).isEqualTo(100);
        assertThat(target.queryLong("SELECT count(*) FROM transfers WHERE id = 1000")).isZero();
        assertThat(target.queryLong("SELECT amount FROM transfers WHERE id = 1")).isEqualTo(1);
        assertThat(target.queryLong("SELECT count(*) FROM transfers WHERE id = 2")).isEqualTo(1);
    }
}
