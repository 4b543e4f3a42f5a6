package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Syncing a parent table must never cascade-delete child rows that the source still has (the way
 * pgsync loses rows when it truncates a parent): neither when the child is in the job (Merge with
 * --delete-missing, Truncate), nor when it is not (Truncate replaces the parent's rows in place).
 */
class CascadeSafetyTest {
    private static final String PARENT = "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);";
    private static final String CHILD = """
            CREATE TABLE orders (id int PRIMARY KEY,
                customer_id int NOT NULL REFERENCES customers (id) ON DELETE %s, total numeric(10,2));
            """;
    private static final String DATA = """
            INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 300) g;
            INSERT INTO orders SELECT g, g % 300 + 1, g * 0.5 FROM generate_series(1, 6000) g;
            """;
    /** Source changes: renamed, deleted (with their orders) and new customers; orders moved off a customer that then goes. */
    private static final String CHANGES = """
            UPDATE customers SET name = name || '!' WHERE id % 7 = 0;
            UPDATE orders SET customer_id = 1 WHERE customer_id = 50;
            DELETE FROM customers WHERE id = 50;
            DELETE FROM orders WHERE customer_id IN (60, 61);
            DELETE FROM customers WHERE id IN (60, 61);
            INSERT INTO customers SELECT g, 'new' || g FROM generate_series(301, 320) g;
            INSERT INTO orders SELECT g, g % 20 + 301, 1 FROM generate_series(6001, 6100) g;
            UPDATE orders SET total = total + 1 WHERE id % 9 = 0;
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("cascade_src");
        target = TestPostgres.primary().createDatabase("cascade_tgt");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private void schema(String onDelete) {
        source.execute(PARENT + CHILD.formatted("CASCADE") + DATA);
        target.execute(PARENT + CHILD.formatted(onDelete));
    }

    private Cli.Result sync(String... extra) {
        List<String> args = Cli.syncArgs(source, target, "--checkpoint-rows", "1000");
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private void assertEqual(String table) {
        assertThat(target.checksum(table, "id")).as(table).isEqualTo(source.checksum(table, "id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CASCADE", "RESTRICT"})
    void mergeWithDeleteMissingKeepsEveryChildTheSourceHas(String onDelete) {
        schema(onDelete);
        Cli.Result first = sync("--table", "customers", "--table", "orders");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertEqual("customers");
        assertEqual("orders");

        source.execute(CHANGES);
        Cli.Result second = sync("--table", "customers", "--table", "orders", "--delete-missing");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertEqual("customers");
        assertEqual("orders");
        // The orders moved from customer 50 to customer 1 survived the deletion of customer 50.
        assertThat(target.queryLong("SELECT count(*) FROM orders WHERE customer_id = 1"))
                .isEqualTo(source.queryLong("SELECT count(*) FROM orders WHERE customer_id = 1")).isEqualTo(40);
        assertThat(second.out()).containsPattern("public\\.customers\\s+synced\\s+317\\s+20\\s+\\d+\\s+3\\s");
        // 40 orders of customers 60/61 deleted by the source: deleted once, not by a cascade first (then counted 0).
        assertThat(second.out()).containsPattern("public\\.orders\\s+synced\\s+6,060\\s+100\\s+\\d[\\d,]*\\s+40\\s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CASCADE", "RESTRICT", "NO ACTION"})
    void truncateModeWithBothTablesReplacesContentsAndLosesNoChild(String onDelete) {
        schema(onDelete);
        assertThat(sync("--table", "customers", "--table", "orders").exitCode()).isZero();
        source.execute(CHANGES);
        Cli.Result second = sync("--table", "customers", "--table", "orders", "--mode", "truncate");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertEqual("customers");
        assertEqual("orders");
        // customers is referenced, so its rows are replaced in place, not truncated.
        assertThat(second.all()).contains("replaced in place");
    }

    @Test
    void truncateOfAParentWhoseCascadingChildIsNotInTheJobKeepsTheChildRows() {
        schema("CASCADE");
        assertThat(sync("--table", "customers", "--table", "orders").exitCode()).isZero();
        String ordersBefore = target.checksum("orders", "id");
        long untouchedXmin = target.queryLong("SELECT sum(xmin::text::bigint) FROM orders");

        source.execute("UPDATE customers SET name = name || '?' WHERE id % 3 = 0;"
                + " INSERT INTO customers VALUES (999, 'late');");
        Cli.Result r = sync("--table", "customers", "--mode", "truncate");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertEqual("customers");
        // No cascade: every order is still there, not even rewritten.
        assertThat(target.checksum("orders", "id")).isEqualTo(ordersBefore);
        assertThat(target.queryLong("SELECT sum(xmin::text::bigint) FROM orders")).isEqualTo(untouchedXmin);
        assertThat(r.out()).containsPattern("public\\.customers\\s+synced\\s+301\\s+1\\s+100\\s+0\\s+200\\s");

        // A parent that really disappears takes its children with it: that is what ON DELETE CASCADE
        // on the target asks for (the job does not own orders). Only those children go.
        source.execute("DELETE FROM orders WHERE customer_id = 7; DELETE FROM customers WHERE id = 7;");
        Cli.Result gone = sync("--table", "customers", "--mode", "truncate");
        assertThat(gone.exitCode()).as(gone.all()).isZero();
        assertEqual("customers");
        assertThat(target.queryLong("SELECT count(*) FROM orders")).isEqualTo(6000 - 20);
        assertThat(target.queryLong("SELECT count(*) FROM orders WHERE customer_id = 7")).isZero();
    }

    @Test
    void truncateOfAParentWithARestrictingChildNotInTheJob() {
        schema("RESTRICT");
        assertThat(sync("--table", "customers", "--table", "orders").exitCode()).isZero();
        String ordersBefore = target.checksum("orders", "id");

        // Changes only: the parent is replaced in place and RESTRICT never fires.
        source.execute("UPDATE customers SET name = upper(name) WHERE id <= 100;");
        Cli.Result r = sync("--table", "customers", "--mode", "truncate");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertEqual("customers");
        assertThat(target.checksum("orders", "id")).isEqualTo(ordersBefore);

        // A parent row that still has children on the target disappears from the source: RESTRICT
        // refuses the delete, the table fails as a whole (one transaction) and keeps its old rows.
        String customersBefore = target.checksum("customers", "id");
        source.execute("DELETE FROM customers WHERE id = 8; UPDATE customers SET name = 'changed' WHERE id = 9;");
        Cli.Result refused = sync("--table", "customers", "--mode", "truncate");
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
        assertThat(refused.all()).contains("public.customers failed").contains("orders").contains("23503");
        assertThat(target.checksum("customers", "id")).isEqualTo(customersBefore);
        assertThat(target.checksum("orders", "id")).isEqualTo(ordersBefore);
    }

    @Test
    void childNotInJobBlocksNothingInMergeModeWithoutDeleteMissing() {
        schema("CASCADE");
        assertThat(sync("--table", "customers", "--table", "orders").exitCode()).isZero();
        String ordersBefore = target.checksum("orders", "id");
        source.execute(CHANGES);
        List<String> args = new ArrayList<>(List.of("--table", "customers"));
        Cli.Result r = sync(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isZero();
        // Merge without --delete-missing: deleted source customers stay on the target, with their orders.
        assertThat(target.checksum("orders", "id")).isEqualTo(ordersBefore);
        assertThat(target.queryLong("SELECT count(*) FROM customers")).isEqualTo(320);
    }
}
