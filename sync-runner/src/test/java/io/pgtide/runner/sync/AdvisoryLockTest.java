package io.pgtide.runner.sync;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.schema.TableName;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two runs never write the same target table at once: the second fails clearly and writes nothing. */
class AdvisoryLockTest {
    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("lock_src");
        target = TestPostgres.primary().createDatabase("lock_tgt");
        String schema = "CREATE TABLE items (id int PRIMARY KEY, v text); CREATE TABLE other (id int PRIMARY KEY);";
        source.execute(schema + "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 40) g;"
                + "INSERT INTO other SELECT generate_series(1, 10);");
        target.execute(schema);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private String[] args(String... rest) {
        return Cli.syncArgs(source, target, rest).toArray(String[]::new);
    }

    @Test
    void aTableLockedByAnotherSessionStopsTheRunBeforeAnyWrite() throws Exception {
        try (Connection holder = target.connect(); PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, TargetLock.keyOf(new TableName("public", "items")));
            ps.execute();
            int holderPid = (int) target.queryLong("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted LIMIT 1");

            Cli.Result r = Cli.run(args("--table", "other", "--table", "items"));
            assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.FAILED);
            assertThat(r.err()).contains("table public.items is being written by another pgtide run")
                    .contains("pid " + holderPid).contains("Nothing was written");
            assertThat(r.all()).doesNotContain("Exception");
            assertThat(target.queryLong("SELECT count(*) FROM items")).isZero();
            assertThat(target.queryLong("SELECT count(*) FROM other")).isZero();
            assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();
            // All or nothing: the lock it did get on "other" was given back.
            assertThat(target.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isEqualTo(1);
        }
        Cli.Result after = Cli.run(args("--table", "other", "--table", "items"));
        assertThat(after.exitCode()).as(after.all()).isZero();
    }

    @Test
    void aSecondRunWhileTheFirstIsWritingFailsAndTheFirstCompletes() throws Exception {
        // Every row written to items takes 50 ms, so the first run holds its lock for about 2 s.
        target.execute("""
                CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS
                  'BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END';
                CREATE TRIGGER slow_down BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION slow_down();
                """);
        CompletableFuture<Cli.Result> first = CompletableFuture.supplyAsync(
                () -> Cli.run(args("--table", "items", "--checkpoint-rows", "5", "--job-id", "first")));
        long deadline = System.currentTimeMillis() + 30_000;
        while (target.queryLong("SELECT count(*) FROM items") == 0) {
            assertThat(System.currentTimeMillis()).as("the first run started writing").isLessThan(deadline);
            assertThat(first).isNotDone();
            Thread.sleep(20);
        }
        // Another job identity, same table: the lock is per table, not per job.
        Cli.Result second = Cli.run(args("--table", "items", "--job-id", "second"));
        assertThat(first).as("the first run was still writing during the second").isNotDone();
        assertThat(second.exitCode()).as(second.all()).isEqualTo(ExitCode.FAILED);
        assertThat(second.err()).contains("table public.items is being written by another pgtide run");

        Cli.Result firstResult = first.get(60, TimeUnit.SECONDS);
        assertThat(firstResult.exitCode()).as(firstResult.all()).isZero();
        assertThat(firstResult.out()).containsPattern("public\\.items\\s+synced\\s+40\\s+40\\s");
        assertThat(target.checksum("items", "id")).isEqualTo(source.checksum("items", "id"));
        assertThat(target.queryStrings("SELECT job_id FROM pgtide.sync_checkpoint")).isEqualTo(List.of());
    }
}
