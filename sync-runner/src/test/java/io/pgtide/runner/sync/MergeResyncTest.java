package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Merge mode end to end through the CLI: first sync, then a resync after source changes. */
class MergeResyncTest {
    private static final String SCHEMA = """
            CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text);
            CREATE TABLE orders (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                customer_id int NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                total numeric(12,2), created timestamptz DEFAULT now(), tags text[], meta jsonb);
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("merge_src");
        target = TestPostgres.primary().createDatabase("merge_tgt");
        source.execute(SCHEMA + """
                INSERT INTO customers (name, email) SELECT 'c' || g, 'c' || g || '@example.com' FROM generate_series(1, 500) g;
                INSERT INTO orders (customer_id, total, tags, meta)
                SELECT g % 500 + 1, g * 1.25, ARRAY['a', 'b' || g], jsonb_build_object('g', g) FROM generate_series(1, 20000) g;
                ANALYZE;
                """);
        target.execute(SCHEMA);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private Cli.Result sync(String... extra) {
        List<String> args = Cli.syncArgs(source, target, "--table", "orders", "--table", "customers", "--checkpoint-rows", "3000");
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private void assertTablesEqual() {
        assertThat(target.checksum("customers", "id")).isEqualTo(source.checksum("customers", "id"));
        assertThat(target.checksum("orders", "id")).isEqualTo(source.checksum("orders", "id"));
    }

    @Test
    void firstSyncCopiesEverythingAndResyncAppliesInsertsUpdatesDeletes() {
        Cli.Result first = sync();
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertTablesEqual();
        assertThat(first.out()).containsPattern("public\\.orders\\s+synced\\s+20,000\\s+20,000");

        source.execute("""
                UPDATE orders SET total = total + 1 WHERE id % 10 = 0;
                DELETE FROM orders WHERE id % 100 = 1;
                INSERT INTO customers (name) VALUES ('newcomer');
                INSERT INTO orders (customer_id, total) SELECT 501, g FROM generate_series(1, 7) g;
                """);
        Cli.Result second = sync("--delete-missing");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertTablesEqual();
        // 2,000 updated rows, 200 deleted, 7 new orders; the rest is left alone (not rewritten).
        assertThat(second.out()).containsPattern("public\\.orders\\s+synced\\s+19,807\\s+7\\s+2,000\\s+200\\s+17,800\\s+0");
        assertThat(second.out()).containsPattern("public\\.customers\\s+synced\\s+501\\s+1\\s+0\\s+0\\s+500\\s+0");

        // Sequences and identities on the target are moved past the copied values.
        assertThat(target.queryLong("SELECT nextval(pg_get_serial_sequence('customers', 'id'))")).isGreaterThan(501);
        assertThat(target.queryLong("SELECT nextval(pg_get_serial_sequence('orders', 'id'))")).isGreaterThan(20007);
    }

    @Test
    void resyncWithoutChangesRewritesNothing() {
        assertThat(sync().exitCode()).isZero();
        long xminBefore = target.queryLong("SELECT sum(xmin::text::bigint) FROM orders");
        Cli.Result again = sync();
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).containsPattern("public\\.orders\\s+synced\\s+20,000\\s+0\\s+0\\s+0\\s+20,000");
        assertThat(target.queryLong("SELECT sum(xmin::text::bigint) FROM orders")).isEqualTo(xminBefore);
    }

    @Test
    void withoutDeleteMissingTargetOnlyRowsStay() {
        assertThat(sync().exitCode()).isZero();
        target.execute("INSERT INTO customers (id, name) VALUES (9999, 'only on target')");
        source.execute("DELETE FROM orders WHERE id <= 10");
        assertThat(sync().exitCode()).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM customers WHERE id = 9999")).isEqualTo(1);
        assertThat(target.queryLong("SELECT count(*) FROM orders WHERE id <= 10")).isEqualTo(10);
    }
}
