package io.pgtide.e2e;

import io.pgtide.runner.testing.ScratchDatabase;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The e2e data set: four tables with foreign keys (customers, products, orders, order_items),
 * 10,200 rows from fixed formulas, and the checks that a target equals its source.
 */
final class Shop {
    static final List<String> TABLES = List.of("public.customers", "public.products", "public.orders", "public.order_items");
    static final int ORDER_ITEMS = 6000;

    private Shop() {
    }

    static void createSchema(ScratchDatabase db) {
        db.execute("""
                CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, email text NOT NULL UNIQUE,
                    created_at timestamptz NOT NULL);
                CREATE TABLE products (id integer PRIMARY KEY, sku text NOT NULL UNIQUE, price numeric(10,2) NOT NULL,
                    attributes jsonb NOT NULL DEFAULT '{}');
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id),
                    status text NOT NULL, note text);
                CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id),
                    product_id integer NOT NULL REFERENCES products (id), quantity integer NOT NULL);
                """);
    }

    /** 1,000 customers, 200 products, 3,000 orders, 6,000 order items. */
    static void fill(ScratchDatabase db) {
        db.execute("""
                INSERT INTO customers SELECT g, 'Customer ' || g, 'c' || g || '@example.com',
                    timestamptz '2024-01-01 00:00+00' + g * interval '37 minutes' FROM generate_series(1, 1000) g;
                INSERT INTO products SELECT g, 'SKU-' || g, round(g * 1.37, 2), jsonb_build_object('color', g % 5)
                    FROM generate_series(1, 200) g;
                INSERT INTO orders SELECT g, g % 1000 + 1, (ARRAY['new', 'paid', 'shipped'])[g % 3 + 1],
                    CASE WHEN g % 7 = 0 THEN 'note ' || g END FROM generate_series(1, 3000) g;
                INSERT INTO order_items SELECT g, (g + 1) / 2, g % 200 + 1, 1 + g % 4 FROM generate_series(1, 6000) g;
                ANALYZE;
                """);
    }

    /**
     * Makes writing the target's order_items take about {@code millisPer1000Rows} per 1,000 rows (a
     * trigger that sleeps at every 10th row: pg_sleep's own overhead makes shorter sleeps per row
     * inexact; row triggers fire for COPY too), so a test can act while that table is half done.
     */
    static void slowDown(ScratchDatabase target, int millisPer1000Rows) {
        target.execute("""
                CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.id %% 10 = 0 THEN PERFORM pg_sleep(%s); END IF; RETURN NEW; END $$;
                CREATE TRIGGER slow_row BEFORE INSERT OR UPDATE ON order_items FOR EACH ROW EXECUTE FUNCTION slow_row();
                """.formatted(millisPer1000Rows / 100 / 1000.0));
    }

    static long rows(ScratchDatabase db, String table) {
        return db.queryLong("SELECT count(*) FROM " + table);
    }

    /** Row-for-row equality (count and md5 of all rows in key order) of every table, and no duplicate keys. */
    static void assertSameContents(ScratchDatabase source, ScratchDatabase target) {
        for (String table : TABLES) {
            assertThat(target.checksum(table, "id")).as(table).isEqualTo(source.checksum(table, "id"));
            assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM " + table)).as("duplicates in " + table)
                    .isZero();
        }
    }
}
