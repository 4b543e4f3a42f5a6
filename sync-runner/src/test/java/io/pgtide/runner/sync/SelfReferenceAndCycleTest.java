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
 * Self-references (rows pointing at rows later in key order, so chunk order alone would break them)
 * and FK cycles: deferrable ones are synced as one unit, non-deferrable ones are refused up front.
 */
class SelfReferenceAndCycleTest {
    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("selfref_src");
        target = TestPostgres.primary().createDatabase("selfref_tgt");
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    private Cli.Result sync(String... extra) {
        List<String> args = Cli.syncArgs(source, target, "--checkpoint-rows", "50");
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private void assertEqual(String table) {
        assertThat(target.checksum(table, "id")).as(table).isEqualTo(source.checksum(table, "id"));
    }

    @Test
    void employeesReferencingLaterRowsSyncAndResync() {
        String schema = "CREATE TABLE employees (id int PRIMARY KEY, name text NOT NULL,"
                + " manager_id int REFERENCES employees (id));";
        source.execute(schema + """
                -- Every employee reports to someone with a higher id; 1000 is the boss.
                INSERT INTO employees VALUES (1000, 'boss', NULL);
                INSERT INTO employees SELECT g, 'e' || g, least(1000, g + 1 + g % 37) FROM generate_series(999, 1, -1) g;
                """);
        target.execute(schema);
        Cli.Result first = sync("--table", "employees");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertEqual("employees");

        source.execute("""
                INSERT INTO employees VALUES (1001, 'new boss', NULL);
                UPDATE employees SET manager_id = 1001 WHERE id = 1000;
                INSERT INTO employees SELECT g, 'n' || g, 1001 FROM generate_series(1002, 1100) g;
                UPDATE employees SET manager_id = 1100 - id % 50 WHERE id < 200;
                UPDATE employees SET manager_id = 1001 WHERE manager_id BETWEEN 500 AND 520;
                DELETE FROM employees WHERE id BETWEEN 500 AND 520;
                """);
        Cli.Result second = sync("--table", "employees", "--delete-missing");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertEqual("employees");
        assertThat(second.out()).containsPattern("public\\.employees\\s+synced\\s+1,079\\s+100\\s+\\d[\\d,]*\\s+21\\s");

        Cli.Result truncate = sync("--table", "employees", "--mode", "truncate");
        assertThat(truncate.exitCode()).as(truncate.all()).isZero();
        assertEqual("employees");
    }

    private static final String CYCLE = """
            CREATE TABLE a (id int PRIMARY KEY, b_id int, note text);
            CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a (id) %s);
            ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id) %s;
            CREATE TABLE c (id int PRIMARY KEY, b_id int NOT NULL REFERENCES b (id));
            """;
    private static final String CYCLE_DATA = """
            BEGIN;
            SET CONSTRAINTS ALL DEFERRED;
            INSERT INTO a SELECT g, 501 - g, 'a' || g FROM generate_series(1, 500) g;
            INSERT INTO b SELECT g, 501 - g FROM generate_series(1, 500) g;
            INSERT INTO c SELECT g, g % 500 + 1 FROM generate_series(1, 2000) g;
            COMMIT;
            """;

    @Test
    void deferrableCycleSyncsAsOneUnitAndResyncs() {
        String fks = CYCLE.formatted("DEFERRABLE", "DEFERRABLE INITIALLY IMMEDIATE");
        source.execute(fks + CYCLE_DATA);
        target.execute(fks);
        Cli.Result first = sync("--table", "c", "--table", "b", "--table", "a");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.all()).contains("foreign key cycle");
        assertEqual("a");
        assertEqual("b");
        assertEqual("c");

        source.execute("""
                BEGIN;
                SET CONSTRAINTS ALL DEFERRED;
                INSERT INTO a VALUES (501, 502, 'new');
                INSERT INTO b VALUES (502, 501), (501, 1);
                UPDATE a SET b_id = 501, note = 'moved' WHERE id <= 10;
                -- a 11 and 12 go, with the b rows that point at them (489, 490) and that they point at.
                UPDATE c SET b_id = 502 WHERE b_id IN (489, 490);
                DELETE FROM b WHERE id IN (489, 490);
                DELETE FROM a WHERE id IN (11, 12);
                COMMIT;
                """);
        Cli.Result second = sync("--table", "c", "--table", "b", "--table", "a", "--delete-missing");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertEqual("a");
        assertEqual("b");
        assertEqual("c");

        Cli.Result truncate = sync("--table", "c", "--table", "b", "--table", "a", "--mode", "truncate");
        assertThat(truncate.exitCode()).as(truncate.all()).isZero();
        assertEqual("a");
        assertEqual("b");
        assertEqual("c");
    }

    @Test
    void nonDeferrableCycleIsRefusedAndNothingIsWritten() {
        source.execute(CYCLE.formatted("DEFERRABLE", "DEFERRABLE") + CYCLE_DATA);
        target.execute(CYCLE.formatted("", "DEFERRABLE"));
        Cli.Result r = sync("--table", "a", "--table", "b", "--table", "c");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(5);
        assertThat(r.all()).contains("reference each other").contains("b_a_id_fkey").contains("is not DEFERRABLE")
                .contains("ALTER CONSTRAINT").contains("nothing was written");
        assertThat(target.queryLong("SELECT count(*) FROM a") + target.queryLong("SELECT count(*) FROM b")
                + target.queryLong("SELECT count(*) FROM c")).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();
    }
}
