package io.pgtide.runner.cli;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.testing.Cli;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wrong password: exit 2, a message that says authentication failed, and the password nowhere.
 * The shared test servers trust every local connection, so this class starts its own embedded
 * server whose pg_hba.conf asks for a password (except for the superuser that sets it up).
 */
class WrongPasswordTest {
    private static final String RIGHT = "CorrectHorse1";
    private static final String WRONG = "Wr0ngBatteryStaple";

    private static EmbeddedPostgres pg;
    private static Path hba;

    @BeforeAll
    static void start() throws Exception {
        hba = Files.createTempFile("pgtide-hba", ".conf");
        Files.writeString(hba, """
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                local all all trust
                """);
        pg = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("hba_file", hba.toString())
                .setServerConfig("password_encryption", "scram-sha-256")
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE app LOGIN PASSWORD '" + RIGHT + "'");
            st.execute("CREATE TABLE t (id int PRIMARY KEY)");
            st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON t TO app");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
        Files.deleteIfExists(hba);
    }

    private String url(String password) {
        return "postgresql://app:" + password + "@127.0.0.1:" + pg.getPort() + "/postgres";
    }

    @Test
    void wrongPasswordIsExitCode2WithoutThePassword() {
        Cli.Result r = Cli.run("sync", "--source", url(WRONG), "--target", url(RIGHT), "--table", "t");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("Error: ").contains("source").contains("authentication failed");
        assertThat(r.all()).doesNotContain(WRONG).doesNotContain(RIGHT).doesNotContain("Exception").doesNotContain("at io.");

        Cli.Result target = Cli.run("validate", "--source", url(RIGHT), "--target", url(WRONG), "--table", "t");
        assertThat(target.exitCode()).as(target.all()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(target.err()).contains("target").contains("authentication failed");
        assertThat(target.all()).doesNotContain(WRONG).doesNotContain(RIGHT).doesNotContain("Exception");
    }

    @Test
    void theRightPasswordWorks() {
        // Proves the server really checks passwords for this role (and that the test is not vacuous).
        Cli.Result r = Cli.run("validate", "--source", url(RIGHT), "--target", url(RIGHT), "--table", "t");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.OK);
    }
}
