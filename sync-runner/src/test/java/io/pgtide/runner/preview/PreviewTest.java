package io.pgtide.runner.preview;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preview} against real PostgreSQL: its counts must equal what the real sync then reports,
 * table by table, and it must leave the target exactly as it was.
 */
class PreviewTest {
    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("preview_src");
        target = TestPostgres.primary().createDatabase("preview_tgt");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private static final String SHOP = """
            CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text);
            CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total numeric(10,2) NOT NULL, note text);
            CREATE TABLE order_items (order_id int REFERENCES orders, line int, qty int NOT NULL, PRIMARY KEY (order_id, line));
            CREATE TABLE categories (id int PRIMARY KEY, parent_id int REFERENCES categories, name text);
            """;

    private static final Map<String, String> SHOP_TABLES = Map.of("customers", "id", "orders", "id",
            "order_items", "order_id, line", "categories", "id");

    private void shop() {
        source.execute(SHOP + """
                INSERT INTO customers SELECT g, 'c' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'c' || g || '@x' END FROM generate_series(1, 300) g;
                INSERT INTO orders SELECT g, 1 + g % 280, g * 1.25, CASE WHEN g % 10 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, 2000) g;
                INSERT INTO order_items SELECT o, l, o % 5 + l FROM generate_series(1, 2000) o, generate_series(1, 2) l;
                INSERT INTO categories SELECT g, NULLIF(g - 1, 0), 'cat' || g FROM generate_series(1, 50) g;
                """);
        target.execute(SHOP + """
                INSERT INTO customers SELECT g, 'c' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'c' || g || '@x' END FROM generate_series(1, 280) g;
                UPDATE customers SET name = name || '!' WHERE id % 50 = 0;
                UPDATE customers SET email = 'changed' WHERE id = 14;
                INSERT INTO customers SELECT g, 'gone' || g, NULL FROM generate_series(301, 310) g;
                INSERT INTO orders SELECT g, 1 + g % 280, g * 1.25, CASE WHEN g % 10 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, 1900) g;
                UPDATE orders SET total = total + 1 WHERE id % 97 = 0;
                UPDATE orders SET note = '' WHERE id = 10;
                INSERT INTO orders SELECT g, 301 + g % 10, 1, 'gone' FROM generate_series(2001, 2050) g;
                INSERT INTO order_items SELECT o, l, o % 5 + l FROM generate_series(1, 1900) o, generate_series(1, 2) l;
                UPDATE order_items SET qty = qty + 1 WHERE order_id % 131 = 0;
                INSERT INTO order_items SELECT o, 3, 1 FROM generate_series(5, 9) o;
                INSERT INTO order_items SELECT o, 1, 1 FROM generate_series(2001, 2050) o;
                INSERT INTO categories SELECT g, NULLIF(g - 1, 0), 'cat' || g FROM generate_series(1, 45) g;
                UPDATE categories SET name = 'renamed' WHERE id = 7;
                INSERT INTO categories VALUES (60, NULL, 'x'), (61, 60, 'y'), (62, 61, 'z');
                """);
    }

    private static List<String> tables(String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.addAll(List.of("--table", n));
        }
        return out;
    }

    private static List<String> options(List<String> tables, String... more) {
        List<String> out = new ArrayList<>(tables);
        out.addAll(Arrays.asList(more));
        return out;
    }

    @Test
    void mixedChangeSetPreviewCountsEqualTheSyncThatFollows() {
        shop();
        PreviewRuns.Run preview = PreviewRuns.previewThenSync(source, target, SHOP_TABLES,
                options(tables("customers", "orders", "order_items", "categories"), "--delete-missing", "--checkpoint-rows", "300"));

        // The numbers themselves, from how the data above was made.
        JsonNode customers = preview.table("public.customers");
        assertThat(customers.path("toInsert").asLong()).isEqualTo(20);
        assertThat(customers.path("toUpdate").asLong()).isEqualTo(6); // 50, 100, ..., 250 and 14
        assertThat(customers.path("toDelete").asLong()).isEqualTo(10);
        assertThat(customers.path("unchanged").asLong()).isEqualTo(274);
        assertThat(customers.path("samples").path("delete")).extracting(JsonNode::asText)
                .containsExactly("301", "302", "303", "304", "305");
        JsonNode orders = preview.table("public.orders");
        assertThat(orders.path("toInsert").asLong()).isEqualTo(100);
        assertThat(orders.path("toUpdate").asLong()).isEqualTo(1900 / 97 + 1); // totals, and NULL vs '' for id 10
        assertThat(orders.path("toDelete").asLong()).isEqualTo(50);
        JsonNode items = preview.table("public.order_items");
        assertThat(items.path("toDelete").asLong()).isEqualTo(55);
        assertThat(items.path("samples").path("delete").get(0).asText()).isEqualTo("(2001, 1)");
        assertThat(preview.table("public.categories").path("toDelete").asLong()).isEqualTo(3);
        assertThat(preview.summary().path("summary").asText()).startsWith("+").endsWith("in 4 tables");

        // After the sync, a preview finds nothing left to do.
        PreviewRuns.Run again = PreviewRuns.run("preview", source, target.url(),
                options(tables("customers", "orders", "order_items", "categories"), "--delete-missing"));
        assertThat(again.result().exitCode()).as(again.result().all()).isZero();
        for (JsonNode t : again.summaryTables().values()) {
            assertThat(t.path("toInsert").asLong() + t.path("toUpdate").asLong() + t.path("toDelete").asLong())
                    .as(t.toString()).isZero();
        }
        assertThat(PreviewRuns.checksums(target, SHOP_TABLES)).isEqualTo(PreviewRuns.checksums(source, SHOP_TABLES));
    }

    @Test
    void textOutputShowsATablePerTableSampleKeysAndATotal() {
        shop();
        Cli.Result r = Cli.run(options(List.of("preview", "--source", source.url(), "--target", target.url()),
                "--table", "customers", "--delete-missing", "--samples", "2").toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("TABLE", "INSERT", "UPDATE", "DELETE", "UNCHANGED", "SKIP")
                .containsPattern("public\\.customers\\s+300\\s+20\\s+6\\s+10\\s+274\\s+0\\s+merge")
                .contains("public.customers insert: 281, 282, ...")
                .contains("public.customers delete: 301, 302, ...")
                .contains("Preview: +20 ~6 -10 =274 in 1 table")
                .contains("Nothing was written");
    }

    private static final String MODES = """
            CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL, label text);
            CREATE TABLE parents (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE kids (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parents, x int);
            """;

    private void modesData() {
        source.execute(MODES + """
                INSERT INTO items SELECT g, g % 13, 'l' || g FROM generate_series(1, 1000) g;
                INSERT INTO parents SELECT g, 'p' || g FROM generate_series(1, 100) g;
                INSERT INTO kids SELECT g, 1 + g % 100, g FROM generate_series(1, 500) g;
                """);
        target.execute(MODES + """
                INSERT INTO items SELECT g, g % 13, 'l' || g FROM generate_series(1, 900) g;
                UPDATE items SET v = v + 1 WHERE id % 17 = 0;
                UPDATE items SET label = NULL WHERE id % 23 = 0;
                INSERT INTO items SELECT g, 0, 'extra' FROM generate_series(1001, 1050) g;
                INSERT INTO parents SELECT g, 'p' || g FROM generate_series(1, 90) g;
                UPDATE parents SET name = 'renamed' WHERE id % 9 = 0;
                INSERT INTO parents SELECT g, 'extra' FROM generate_series(101, 105) g;
                INSERT INTO kids SELECT g, 1 + g % 90, g FROM generate_series(1, 450) g;
                INSERT INTO kids SELECT g, 101 + g % 5, 0 FROM generate_series(501, 510) g;
                """);
    }

    private static final Map<String, String> MODE_TABLES = Map.of("items", "id", "parents", "id", "kids", "id");

    @ParameterizedTest
    @ValueSource(strings = {"--mode truncate", "--mode append", "--mode append --conflict fail",
            "--conflict target-wins", "--conflict target-wins --delete-missing", "--delete-missing"})
    void eachModeAndConflictStrategyPreviewsWhatTheSyncDoes(String mode) {
        modesData();
        PreviewRuns.Run preview = PreviewRuns.previewThenSync(source, target, MODE_TABLES,
                options(tables("items", "parents", "kids"), (mode + " --checkpoint-rows 250").split(" ")));
        JsonNode items = preview.table("public.items");
        if (mode.equals("--mode truncate")) {
            assertThat(items.path("toDelete").asLong()).isEqualTo(950);
            assertThat(items.path("toInsert").asLong()).isEqualTo(1000);
            // parents is referenced by kids: replaced in place, only the rows missing from the source go.
            assertThat(preview.table("public.parents").path("toDelete").asLong()).isEqualTo(5);
        } else if (mode.startsWith("--conflict target-wins")) {
            assertThat(items.path("toSkip").asLong()).isPositive();
            assertThat(items.path("toUpdate").asLong()).isZero();
        }
    }

    @Test
    void conflictFailReportsTheConflictsTheSyncWouldStopAt() {
        modesData();
        PreviewRuns.Run preview = PreviewRuns.run("preview", source, target.url(),
                options(tables("items"), "--conflict", "fail"));
        assertThat(preview.result().exitCode()).as(preview.result().all()).isZero();
        JsonNode items = preview.table("public.items");
        long differing = target.queryLong("SELECT count(*) FROM items WHERE id <= 900 AND (id % 17 = 0 OR id % 23 = 0)");
        assertThat(items.path("conflicts").asLong()).isEqualTo(differing);
        assertThat(items.path("warnings").toString()).contains("conflict strategy is fail");

        Cli.Result sync = Cli.run(options(List.of("sync", "--source", source.url(), "--target", target.url()),
                "--table", "items", "--conflict", "fail", "--backup", "disabled").toArray(String[]::new));
        assertThat(sync.exitCode()).as(sync.all()).isEqualTo(1);
        assertThat(sync.all()).contains("conflict strategy is fail");
    }

    @Test
    void worksWithATargetRoleThatMayOnlySelect() throws Exception {
        modesData();
        String role = "pgtide_ro_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = TestPostgres.primary().connect(target.name()); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN");
            st.execute("GRANT CONNECT ON DATABASE " + target.name() + " TO " + role);
            st.execute("GRANT USAGE ON SCHEMA public TO " + role);
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
            st.execute("ALTER ROLE " + role + " SET default_transaction_read_only = on");
        }
        try {
            String readOnlyUrl = target.url().replaceFirst("//[^@]+@", "//" + role + "@");
            Map<String, String> before = PreviewRuns.checksums(target, MODE_TABLES);
            List<String> opts = options(tables("items", "parents", "kids"), "--delete-missing");
            PreviewRuns.Run preview = PreviewRuns.run("preview", source, readOnlyUrl, opts);
            assertThat(preview.result().exitCode()).as(preview.result().all()).isZero();
            assertThat(preview.result().out()).contains("a real sync would stop here: the target role may not INSERT");
            assertThat(PreviewRuns.checksums(target, MODE_TABLES)).isEqualTo(before);

            // The same role cannot sync: validation says why, nothing is written.
            PreviewRuns.Run refused = PreviewRuns.run("sync", source, readOnlyUrl, opts);
            assertThat(refused.result().exitCode()).as(refused.result().all()).isEqualTo(5);

            // A role that may write then does exactly what the read-only preview said.
            PreviewRuns.Run sync = PreviewRuns.run("sync", source, target.url(), options(opts, "--backup", "disabled"));
            assertThat(sync.result().exitCode()).as(sync.result().all()).isZero();
            for (String table : List.of("public.items", "public.parents", "public.kids")) {
                for (Map.Entry<String, String> f : PreviewRuns.SAME_COUNTS.entrySet()) {
                    assertThat(preview.table(table).path(f.getKey()).asLong()).as(table + " " + f.getKey())
                            .isEqualTo(sync.table(table).path(f.getValue()).asLong());
                }
            }
        } finally {
            try (Connection c = TestPostgres.primary().connect(target.name()); Statement st = c.createStatement()) {
                st.execute("DROP OWNED BY " + role);
                st.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void whereFilterSelectsSourceRowsAndWhichTargetRowsMayBeDeleted() {
        String schema = "CREATE TABLE sales (id int PRIMARY KEY, region text NOT NULL, amount int NOT NULL);";
        source.execute(schema + "INSERT INTO sales SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g FROM generate_series(1, 400) g;");
        target.execute(schema + """
                INSERT INTO sales SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g FROM generate_series(1, 300) g;
                UPDATE sales SET amount = -1 WHERE id IN (2, 4, 3);
                INSERT INTO sales SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, 0 FROM generate_series(501, 540) g;
                """);
        PreviewRuns.Run preview = PreviewRuns.previewThenSync(source, target, Map.of("sales", "id"),
                options(tables("sales"), "--where", "sales=region = 'eu'", "--delete-missing"));
        JsonNode sales = preview.table("public.sales");
        assertThat(sales.path("rowsRead").asLong()).isEqualTo(200);
        assertThat(sales.path("toInsert").asLong()).isEqualTo(50);
        assertThat(sales.path("toUpdate").asLong()).isEqualTo(2); // 3 is a 'us' row: outside the filter
        assertThat(sales.path("toDelete").asLong()).isEqualTo(20); // the even (eu) ones of 501..540
        assertThat(target.queryLong("SELECT count(*) FROM sales WHERE id > 500")).isEqualTo(20);
    }

    @Test
    void typeDifferencesAndTextKeysInAnyOrder() {
        source.execute("""
                CREATE TABLE prices (id int PRIMARY KEY, amount numeric(10,1) NOT NULL, ratio float8);
                INSERT INTO prices SELECT g, g * 0.5, g / 3.0 FROM generate_series(1, 500) g;
                CREATE TABLE words (w text PRIMARY KEY, n int);
                INSERT INTO words SELECT w, length(w) FROM unnest(ARRAY['10', '9', '100', 'a', 'B', 'b', 'Z', 'é', 'e', 'ä',
                    'Ab', 'a b', '', 'ｚ', '\uD83D\uDE00', 'zz', 'Ω', '-1', '+1']) w;
                CREATE TABLE pairs (a text, b int, v int, PRIMARY KEY (a, b));
                INSERT INTO pairs SELECT a, b, b FROM unnest(ARRAY['x', 'X', '10', '9', 'ß']) a, generate_series(1, 12) b;
                """);
        target.execute("""
                CREATE TABLE prices (id bigint PRIMARY KEY, amount numeric(10,2) NOT NULL, ratio float8);
                INSERT INTO prices SELECT g, g * 0.5, g / 3.0 FROM generate_series(1, 450) g;
                UPDATE prices SET amount = amount + 0.01 WHERE id % 50 = 0;
                INSERT INTO prices VALUES (1000, 1, 1);
                CREATE TABLE words (w text PRIMARY KEY, n int);
                INSERT INTO words SELECT w, length(w) FROM unnest(ARRAY['10', '9', 'a', 'B', 'Z', 'é', 'ä', '', '\uD83D\uDE00',
                    'É', '\uD83D\uDE42', '11', 'ｙ']) w;
                UPDATE words SET n = 99 WHERE w IN ('B', 'ä');
                CREATE TABLE pairs (a text, b bigint, v int, PRIMARY KEY (a, b));
                INSERT INTO pairs SELECT a, b, b FROM unnest(ARRAY['x', '10', 'ß', 'Y']) a, generate_series(1, 10) b;
                UPDATE pairs SET v = 0 WHERE b = 3;
                """);
        PreviewRuns.Run preview = PreviewRuns.previewThenSync(source, target,
                Map.of("prices", "id", "words", "w COLLATE \"C\"", "pairs", "a COLLATE \"C\", b"),
                options(tables("prices", "words", "pairs"), "--delete-missing", "--checkpoint-rows", "4"));
        JsonNode prices = preview.table("public.prices");
        // 0.5 in numeric(10,1) is 0.50 in numeric(10,2): equal after the cast to the target type.
        assertThat(prices.path("unchanged").asLong()).isEqualTo(450 - 9);
        assertThat(prices.path("toUpdate").asLong()).isEqualTo(9);
        JsonNode words = preview.table("public.words");
        assertThat(words.path("toDelete").asLong()).isEqualTo(4);
        assertThat(words.path("toInsert").asLong()).isEqualTo(10);
        assertThat(words.path("toUpdate").asLong()).isEqualTo(2);
        assertThat(PreviewRuns.checksums(target, Map.of("words", "w COLLATE \"C\"")))
                .isEqualTo(PreviewRuns.checksums(source, Map.of("words", "w COLLATE \"C\"")));
    }

    @Test
    void aTableWithoutKeyIsReplacedOrAppendedWhole() {
        String schema = "CREATE TABLE logs (msg text, at int);";
        source.execute(schema + "INSERT INTO logs SELECT 'm' || g, g FROM generate_series(1, 30) g;");
        target.execute(schema + "INSERT INTO logs SELECT 'old' || g, g FROM generate_series(1, 12) g;");
        PreviewRuns.Run merge = PreviewRuns.previewThenSync(source, target, Map.of("logs", "msg, at"), tables("logs"));
        assertThat(merge.table("public.logs").path("toDelete").asLong()).isEqualTo(12);
        assertThat(merge.table("public.logs").path("toInsert").asLong()).isEqualTo(30);
        assertThat(merge.table("public.logs").path("warnings").toString()).contains("no key");

        PreviewRuns.Run append = PreviewRuns.previewThenSync(source, target, Map.of("logs", "msg, at"),
                options(tables("logs"), "--mode", "append"));
        assertThat(append.table("public.logs").path("toInsert").asLong()).isEqualTo(30);
        assertThat(append.table("public.logs").path("toDelete").asLong()).isZero();
    }

    @Test
    void validationErrorsExitFiveWithoutReadingFurther() {
        source.execute("CREATE TABLE only_here (id int PRIMARY KEY); INSERT INTO only_here VALUES (1);");
        PreviewRuns.Run r = PreviewRuns.run("preview", source, target.url(), tables("only_here"));
        assertThat(r.result().exitCode()).as(r.result().all()).isEqualTo(5);
        assertThat(r.events()).anySatisfy(e -> {
            assertThat(e.path("event").asText()).isEqualTo("error");
            assertThat(e.path("exitCode").asInt()).isEqualTo(5);
            assertThat(e.path("message").asText()).contains("does not exist on the target").contains("no preview was computed");
        });
        assertThat(r.events()).noneMatch(e -> e.path("event").asText().equals("tablePreview"));
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();

        Cli.Result bad = Cli.run("preview", "--source", source.url(), "--target", target.url(), "--table", "only_here",
                "--samples", "-1");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--samples").doesNotContain("Exception");
    }

    @Test
    void aProductionTargetIsPreviewedWithoutConfirmationAndTheRefusalIsMentioned() {
        String schema = "CREATE TABLE t (id int PRIMARY KEY, v int);";
        source.execute(schema + "INSERT INTO t VALUES (1, 1), (2, 2);");
        target.execute(schema + "INSERT INTO t VALUES (2, 0); ALTER DATABASE " + target.name()
                + " SET pgtide.environment = 'production';");
        Cli.Result r = Cli.run("preview", "--source", source.url(), "--target", target.url(), "--table", "t");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("A sync would be refused").contains("--confirm-production")
                .contains("Preview: +1 ~1 -0 =0 in 1 table");
        assertThat(target.queryString("SELECT v::text FROM t WHERE id = 2")).isEqualTo("0");
    }
}
