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

/** Independent tables on three workers alongside an FK chain whose tables must wait for their parents. */
class ParallelTest {
    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("parallel_src");
        target = TestPostgres.primary().createDatabase("parallel_tgt");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void independentTablesAndAChainAreAllEqual() {
        StringBuilder schema = new StringBuilder();
        StringBuilder data = new StringBuilder();
        List<String> tables = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            schema.append("CREATE TABLE solo").append(i).append(" (id int PRIMARY KEY, v text);");
            data.append("INSERT INTO solo").append(i).append(" SELECT g, md5(g::text) FROM generate_series(1, ").append(2000 * i).append(") g;");
            tables.add("solo" + i);
        }
        schema.append("""
                CREATE TABLE regions (id int PRIMARY KEY, name text);
                CREATE TABLE customers (id int PRIMARY KEY, region_id int NOT NULL REFERENCES regions (id));
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id));
                CREATE TABLE order_items (id int PRIMARY KEY, order_id int NOT NULL REFERENCES orders (id), qty int);
                """);
        data.append("""
                INSERT INTO regions SELECT g, 'r' || g FROM generate_series(1, 2000) g;
                INSERT INTO customers SELECT g, g % 2000 + 1 FROM generate_series(1, 4000) g;
                INSERT INTO orders SELECT g, g % 4000 + 1 FROM generate_series(1, 8000) g;
                INSERT INTO order_items SELECT g, g % 8000 + 1, g FROM generate_series(1, 16000) g;
                """);
        tables.addAll(List.of("order_items", "orders", "customers", "regions"));
        source.execute(schema.toString() + data);
        target.execute(schema.toString());

        List<String> args = Cli.syncArgs(source, target, "--parallel", "3", "--checkpoint-rows", "1500");
        tables.forEach(t -> args.addAll(List.of("--table", t)));
        Cli.Result first = Cli.run(args.toArray(String[]::new));
        assertThat(first.exitCode()).as(first.all()).isZero();
        tables.forEach(t -> assertThat(target.checksum(t, "id")).as(t).isEqualTo(source.checksum(t, "id")));

        source.execute("""
                UPDATE solo3 SET v = 'changed' WHERE id % 7 = 0;
                INSERT INTO regions VALUES (2001, 'new');
                INSERT INTO customers VALUES (4001, 2001);
                INSERT INTO orders VALUES (8001, 4001);
                INSERT INTO order_items SELECT g, 8001, 1 FROM generate_series(16001, 16100) g;
                DELETE FROM order_items WHERE order_id = 5;
                DELETE FROM orders WHERE id = 5;
                """);
        args.add("--delete-missing");
        Cli.Result second = Cli.run(args.toArray(String[]::new));
        assertThat(second.exitCode()).as(second.all()).isZero();
        tables.forEach(t -> assertThat(target.checksum(t, "id")).as(t).isEqualTo(source.checksum(t, "id")));
    }
}
