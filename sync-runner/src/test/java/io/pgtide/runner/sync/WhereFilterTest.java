package io.pgtide.runner.sync;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --where TABLE=expr}: only matching source rows are synced; a bad expression writes nothing. */
class WhereFilterTest {
    private static final String SCHEMA = """
            CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL, amount numeric(10,2), note text);
            CREATE SCHEMA "Sales";
            CREATE TABLE "Sales"."Order Items" (id int PRIMARY KEY, "order id" int, "select" text);
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("where_src");
        target = TestPostgres.primary().createDatabase("where_tgt");
        source.execute(SCHEMA + """
                INSERT INTO orders SELECT g, (ARRAY['new','paid','void'])[g % 3 + 1], g * 1.5, CASE WHEN g % 7 = 0 THEN 'a;b' END
                FROM generate_series(1, 3000) g;
                INSERT INTO "Sales"."Order Items" SELECT g, g % 3000 + 1, CASE WHEN g % 2 = 0 THEN 'x' ELSE 'y' END
                FROM generate_series(1, 2000) g;
                """);
        target.execute(SCHEMA);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private JsonRun sync(String... extra) {
        List<String> args = new ArrayList<>(Cli.syncArgs(source, target, "--table", "orders", "--table", "\"Sales\".\"Order Items\"",
                "--checkpoint-rows", "250"));
        args.addAll(List.of(extra));
        return JsonRun.of(args);
    }

    private static final String FILTER = "status = 'paid' AND amount > 100 AND (note IS NULL OR note <> 'a;b')";
    private static final String SUBSET = "(SELECT * FROM orders WHERE " + FILTER + ")";

    @Test
    void onlyMatchingRowsAreSynced() {
        JsonRun first = sync("--where", "orders=" + FILTER, "--where", "\"Sales\".\"Order Items\"=\"select\" = 'x' AND id <= 1000");
        assertThat(first.exitCode()).as(first.all()).isZero();
        long expected = source.queryLong("SELECT count(*) FROM " + SUBSET + " s");
        assertThat(expected).isBetween(500L, 1000L);
        assertThat(first.count("public.orders", "inserted")).isEqualTo(expected);
        assertThat(target.checksum("orders", "id")).isEqualTo(source.checksum(SUBSET, "id"));
        assertThat(target.queryLong("SELECT count(*) FROM \"Sales\".\"Order Items\"")).isEqualTo(500);
        assertThat(target.queryLong("SELECT count(*) FROM \"Sales\".\"Order Items\" WHERE \"select\" <> 'x' OR id > 1000")).isZero();

        // Resync: rows that newly match arrive, changed matching rows are updated.
        source.execute("UPDATE orders SET status = 'paid' WHERE id IN (2, 3, 4); UPDATE orders SET note = 'changed' WHERE id = 2000");
        JsonRun second = sync("--where", "orders=" + FILTER, "--where", "\"Sales\".\"Order Items\"=\"select\" = 'x' AND id <= 1000");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(target.checksum("orders", "id")).isEqualTo(source.checksum(SUBSET, "id"));
    }

    @Test
    void deleteMissingOnlyDeletesTargetRowsInsideTheFilter() {
        // Target rows outside the filter were never the sync's business and must survive.
        target.execute("INSERT INTO orders VALUES (90001, 'void', 5, 'outside the filter'), (90002, 'paid', 500, 'inside, not on source')");
        JsonRun run = sync("--delete-missing", "--where", "orders=" + FILTER);
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM orders WHERE id = 90001")).isEqualTo(1);
        assertThat(target.queryLong("SELECT count(*) FROM orders WHERE id = 90002")).isZero();
        assertThat(run.count("public.orders", "deleted")).isEqualTo(1);
        assertThat(target.checksum("(SELECT * FROM orders WHERE " + FILTER + ")", "id")).isEqualTo(source.checksum(SUBSET, "id"));
    }

    @Test
    void deleteMissingNeedsAFilterThatIsValidOnTheTarget() {
        source.execute("ALTER TABLE orders ADD COLUMN region text DEFAULT 'eu'");
        JsonRun run = sync("--delete-missing", "--where", "orders=region = 'eu'");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
        assertThat(run.all()).contains("not valid on the target");
        assertNothingWritten();
    }

    @Test
    void aMissingColumnIsBadInputAndNothingIsWritten() {
        JsonRun run = sync("--where", "orders=no_such_column > 5");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.all()).contains("no_such_column");
        assertNothingWritten();
    }

    @Test
    void aSemicolonIsBadInputAndNothingIsWritten() {
        JsonRun run = sync("--where", "orders=id > 0; DELETE FROM orders");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.all()).contains("';'");
        JsonRun other = sync("--where", "\"Sales\".\"Order Items\"=true) OR (id > 0");
        assertThat(other.exitCode()).as(other.all()).isEqualTo(2);
        assertNothingWritten();
        assertThat(source.queryLong("SELECT count(*) FROM orders")).isEqualTo(3000);
    }

    @Test
    void aTableNameWithAnEqualsSignTakesAFilter() {
        source.execute("CREATE TABLE \"x=y\" (id int PRIMARY KEY, \"a=b\" int); INSERT INTO \"x=y\" SELECT g, g % 4 FROM generate_series(1, 100) g");
        target.execute("CREATE TABLE \"x=y\" (id int PRIMARY KEY, \"a=b\" int)");
        JsonRun run = JsonRun.of(Cli.syncArgs(source, target, "--table", "\"x=y\"", "--where", "\"x=y\"=\"a=b\" = 1"));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM \"x=y\"")).isEqualTo(25);
        assertThat(target.queryLong("SELECT count(*) FROM \"x=y\" WHERE \"a=b\" <> 1")).isZero();
    }

    private void assertNothingWritten() {
        assertThat(target.queryLong("SELECT count(*) FROM orders")).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM \"Sales\".\"Order Items\"")).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();
    }
}
