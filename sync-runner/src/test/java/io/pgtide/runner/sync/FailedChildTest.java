package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With --on-table-error continue, a child table that fails must not let its parent delete rows
 * missing from the source: the cascade would take child rows the failed sync could not bring back.
 */
class FailedChildTest {
    private static final String SCHEMA = """
            CREATE TABLE customers (id int PRIMARY KEY, name text);
            CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers ON DELETE CASCADE, total int);
            CREATE TABLE notes (id int PRIMARY KEY, body text);
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("failchild_src");
        target = TestPostgres.primary().createDatabase("failchild_tgt");
        source.execute(SCHEMA + """
                INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 10) g;
                INSERT INTO orders SELECT g, g % 10 + 1, g FROM generate_series(1, 100) g;
                INSERT INTO notes VALUES (1, 'independent of the others');
                """);
        target.execute(SCHEMA);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void parentKeepsItsRowsWhenAChildFailed() {
        List<String> args = Cli.syncArgs(source, target, "--table", "customers", "--table", "orders", "--table", "notes",
                "--delete-missing", "--on-table-error", "continue");
        assertThat(Cli.run(args.toArray(String[]::new)).exitCode()).isZero();

        // Customer 1 moves its orders to customer 2 and is deleted; the target's orders table now
        // rejects the moved rows, so the orders sync fails.
        source.execute("UPDATE orders SET customer_id = 2 WHERE customer_id = 1; DELETE FROM customers WHERE id = 1;");
        target.execute("ALTER TABLE orders ADD CONSTRAINT no_customer_2 CHECK (customer_id <> 2) NOT VALID");
        Cli.Result run = Cli.run(args.toArray(String[]::new));

        // notes still syncs, so the run is partial.
        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(run.out()).contains("child table public.orders did not sync");
        // Without the guard, deleting customer 1 would have cascaded to its 10 orders on the target.
        assertThat(target.queryLong("SELECT count(*) FROM customers WHERE id = 1")).isEqualTo(1);
        assertThat(target.queryLong("SELECT count(*) FROM orders")).isEqualTo(100);
    }
}
