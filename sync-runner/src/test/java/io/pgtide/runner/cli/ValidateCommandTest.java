package io.pgtide.runner.cli;

import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** validate prints what sync would find, in FK order, and writes nothing to either side. */
class ValidateCommandTest {
    private ScratchDatabase source;
    private ScratchDatabase target;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("validate_src");
        target = TestPostgres.primary().createDatabase("validate_tgt");
        source.execute("""
                CREATE TABLE parents (id int PRIMARY KEY, extra text);
                CREATE TABLE children (id int PRIMARY KEY, parent_id int REFERENCES parents, amount int);
                CREATE TABLE logs (line text);
                INSERT INTO parents VALUES (1, 'x');
                """);
        target.execute("""
                CREATE TABLE parents (id int PRIMARY KEY);
                CREATE TABLE children (id int PRIMARY KEY, parent_id int REFERENCES parents, amount bigint);
                CREATE TABLE logs (line text);
                CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER audit BEFORE INSERT ON children FOR EACH ROW EXECUTE FUNCTION audit();
                """);
    }

    @AfterEach
    void tearDown() {
        source.close();
        target.close();
    }

    @Test
    void warningsAndOrderWithoutWriting() {
        Cli.Result result = Cli.run("validate", "--source", source.url(), "--target", target.url(),
                "--table", "children", "--table", "logs", "--table", "parents");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out())
                .contains("WARNING public.parents: source columns missing on the target are not copied: extra")
                .contains("WARNING public.children: column \"amount\" is integer on the source and bigint on the target")
                .contains("WARNING public.children: the target table has triggers (audit)")
                .contains("WARNING public.logs: no primary key")
                .containsPattern("Validation passed with 4 warning\\(s\\); order: \\[.*public\\.parents.*public\\.children.*\\]");
        assertThat(target.queryLong("SELECT count(*) FROM parents")).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgtide%'")).isZero();
    }
}
