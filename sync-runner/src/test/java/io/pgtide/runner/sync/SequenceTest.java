package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sequences behind a DEFAULT nextval(...) that no column owns are moved too, and never backwards. */
class SequenceTest {
    private static final String SCHEMA = """
            CREATE SEQUENCE shared_ids START 1;
            CREATE TABLE invoices (id bigint PRIMARY KEY DEFAULT nextval('shared_ids'), amount int);
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("seq_src");
        target = TestPostgres.primary().createDatabase("seq_tgt");
        source.execute(SCHEMA + "INSERT INTO invoices (amount) SELECT g FROM generate_series(1, 700) g;");
        target.execute(SCHEMA);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void unownedDefaultSequenceMovesPastCopiedValuesAndNotBack() {
        List<String> args = Cli.syncArgs(source, target, "--table", "invoices");
        Cli.Result first = Cli.run(args.toArray(String[]::new));
        assertThat(first.exitCode()).as(first.all()).isZero();
        target.execute("INSERT INTO invoices (amount) VALUES (-1)");
        assertThat(target.queryLong("SELECT id FROM invoices WHERE amount = -1")).isEqualTo(701);

        // The target's sequence is already ahead (5000): a resync must not set it back to 701.
        target.execute("SELECT setval('shared_ids', 5000)");
        Cli.Result second = Cli.run(args.toArray(String[]::new));
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(target.queryLong("SELECT nextval('shared_ids')")).isEqualTo(5001);
    }
}
