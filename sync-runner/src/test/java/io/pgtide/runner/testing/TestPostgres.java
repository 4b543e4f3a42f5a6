package io.pgtide.runner.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The PostgreSQL server tests run against: the one named by {@code PGTIDE_TEST_PG_URL}
 * (e.g. postgresql://postgres@127.0.0.1:5432/postgres), or else an embedded server started once
 * per JVM. Tests work in scratch databases they create and drop, so nothing is left behind.
 */
public final class TestPostgres {
    private static TestPostgres primary;
    private static final Map<Integer, TestPostgres> others = new HashMap<>();

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;

    private TestPostgres(String host, int port, String user, String password, EmbeddedPostgres embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /** The server for tests: PGTIDE_TEST_PG_URL, or an embedded PostgreSQL (the binaries' default version). */
    public static synchronized TestPostgres primary() {
        if (primary == null) {
            String url = System.getenv("PGTIDE_TEST_PG_URL");
            if (url != null && !url.isBlank()) {
                URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
                String userInfo = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo();
                int colon = userInfo.indexOf(':');
                primary = new TestPostgres(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                        colon < 0 ? userInfo : userInfo.substring(0, colon), colon < 0 ? null : userInfo.substring(colon + 1), null);
            } else {
                primary = startEmbedded(null);
            }
        }
        return primary;
    }

    /** An embedded server of the second version used by cross-version tests (16). */
    public static TestPostgres secondVersion() {
        return embedded(16);
    }

    /**
     * An embedded server of the given major version (13, 16 or 18: the binaries the build copies
     * into target/pg-binaries), started once per JVM.
     */
    public static synchronized TestPostgres embedded(int major) {
        return others.computeIfAbsent(major, m -> {
            String dir = System.getProperty("pgtide.postgresBinaries");
            Path jar = dir == null ? null : Path.of(dir, "postgres-" + m + ".jar");
            if (jar == null || !Files.exists(jar)) {
                throw new IllegalStateException("The PostgreSQL " + m + " binaries are missing (" + jar
                        + "); run the tests through Maven, which copies them");
            }
            return startEmbedded(jar);
        });
    }

    private static TestPostgres startEmbedded(Path binariesJar) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off");
            if (binariesJar != null) {
                builder.setPgBinaryResolver((system, machine) -> binariesFrom(binariesJar));
            }
            EmbeddedPostgres pg = builder.start();
            TestPostgres server = new TestPostgres("localhost", pg.getPort(), "postgres", null, pg);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // The JVM is ending; the data directory is temporary.
                }
            }));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start an embedded PostgreSQL for the tests", e);
        }
    }

    private static InputStream binariesFrom(Path jar) throws IOException {
        JarFile file = new JarFile(jar.toFile());
        ZipEntry entry = file.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                .orElseThrow(() -> new IOException("no .txz archive in " + jar));
        return file.getInputStream(entry);
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    public int majorVersion() {
        try (Connection c = connect("postgres"); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A URL in the form the CLI takes. */
    public String url(String database) {
        return "postgresql://" + user + (password == null ? "" : ":" + password) + "@" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    /** Creates an empty database with a unique name; {@link ScratchDatabase#close()} drops it. */
    public ScratchDatabase createDatabase(String purpose) {
        String name = "pgtide_test_" + purpose.toLowerCase().replaceAll("[^a-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create scratch database " + name, e);
        }
        return new ScratchDatabase(this, name);
    }

    void drop(String database) {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop scratch database " + database, e);
        }
    }
}
