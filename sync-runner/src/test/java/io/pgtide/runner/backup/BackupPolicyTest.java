package io.pgtide.runner.backup;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A target role that may keep checkpoints (it owns the pre-created pgtide schema) but may not create
 * the pgtide_backup schema (no CREATE on the database): policy required stops before any write,
 * best-effort syncs without a backup and warns.
 */
class BackupPolicyTest {
    private static final String SCHEMA = """
            CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total int NOT NULL);
            """;

    private ScratchDatabase source;
    private ScratchDatabase target;
    private String role;

    @BeforeEach
    void setUp() {
        source = TestPostgres.primary().createDatabase("policy_src");
        target = TestPostgres.primary().createDatabase("policy_tgt");
        role = "pgtide_nocreate_" + UUID.randomUUID().toString().substring(0, 8);
        source.execute(SCHEMA + """
                INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
                INSERT INTO orders SELECT g, 1 + g % 100, g FROM generate_series(1, 1000) g;
                """);
        target.execute(SCHEMA + """
                INSERT INTO customers SELECT g, 'old ' || g FROM generate_series(1, 50) g;
                CREATE ROLE %1$s LOGIN;
                CREATE SCHEMA pgtide AUTHORIZATION %1$s;
                GRANT USAGE ON SCHEMA public TO %1$s;
                GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON customers, orders TO %1$s;
                """.formatted(role));
    }

    @AfterEach
    void tearDown() throws java.sql.SQLException {
        source.close();
        target.close();
        try (var c = TestPostgres.primary().connect("postgres"); var st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void requiredStopsBeforeAnyWriteAndSaysHowToFixIt() {
        String customers = target.checksum("customers", "id");
        String orders = target.checksum("orders", "id");

        Cli.Result run = Cli.run(args("--backup", "required").toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).contains("The backup of the target failed, and backup policy is required: nothing was written.")
                .contains("permission denied for database")
                .contains("GRANT CREATE ON DATABASE \"" + target.name() + "\" TO \"" + role + "\"")
                .contains("--backup best-effort");
        assertThat(run.all()).doesNotContain("Exception");
        assertThat(target.checksum("customers", "id")).isEqualTo(customers);
        assertThat(target.checksum("orders", "id")).isEqualTo(orders);
        assertThat(target.queryLong("SELECT count(*) FROM pgtide.sync_checkpoint")).isZero();
        assertThat(target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'pgtide_backup'")).isZero();
    }

    @Test
    void bestEffortSyncsWithoutABackupAndWarns() {
        Cli.Result run = Cli.run(args().toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Warning: the backup of the target failed, so this run has none and cannot be rolled back")
                .contains("permission denied for database");
        assertThat(target.checksum("customers", "id")).isEqualTo(source.checksum("customers", "id"));
        assertThat(target.checksum("orders", "id")).isEqualTo(source.checksum("orders", "id"));
    }

    private List<String> args(String... extra) {
        String url = target.url().replaceFirst("//[^@]*@", "//" + role + "@");
        List<String> args = new java.util.ArrayList<>(List.of("sync", "--source", source.url(), "--target", url,
                "--table", "customers", "--table", "orders"));
        args.addAll(List.of(extra));
        return args;
    }
}
