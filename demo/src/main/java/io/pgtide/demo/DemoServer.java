package io.pgtide.demo;

import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.db.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The PostgreSQL server the demo works on: an embedded one it starts and stops, or an existing
 * one named by {@code --pg}, on which it drops the databases it created when it ends.
 */
final class DemoServer implements AutoCloseable {
    private final PgUrl admin;
    private final EmbeddedPostgres embedded;
    private final List<String> created = new ArrayList<>();

    private DemoServer(PgUrl admin, EmbeddedPostgres embedded) {
        this.admin = admin;
        this.embedded = embedded;
    }

    static DemoServer startEmbedded() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                // The first start unpacks the binaries; busy laptops and CI machines need more than the default 10 s.
                .setPGStartupWait(Duration.ofSeconds(60))
                // Its own hook would stop the server under a running sync on Ctrl-C; DemoMain stops it instead.
                .setRegisterShutdownHook(false)
                .start();
        return new DemoServer(new PgUrl("localhost", pg.getPort(), "postgres", "postgres", null, Map.of()), pg);
    }

    /** An existing server; the database in the URL is only used to create and drop the demo's databases. */
    static DemoServer existing(PgUrl url) throws SQLException {
        DemoServer server = new DemoServer(url, null);
        server.connect(url.database()).close();
        return server;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    /** The server's connection settings (host, port, user, password) as the demo's connections use them. */
    PgUrl admin() {
        return admin;
    }

    /** host:port, for messages. */
    String address() {
        return admin.host() + ":" + admin.port();
    }

    String version() throws SQLException {
        try (Connection c = connect(admin.database()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The URL of a database on this server, in the form the sync-runner command line takes. */
    String url(String database) {
        String host = admin.host().contains(":") ? "[" + admin.host() + "]" : admin.host();
        String query = admin.parameters().entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return "postgresql://" + encode(admin.user()) + (admin.password() == null ? "" : ":" + encode(admin.password()))
                + "@" + host + ":" + admin.port() + "/" + encode(database) + (query.isEmpty() ? "" : "?" + query);
    }

    /**
     * A connection with the engine's session settings (ISO dates, full float precision), so that
     * rows turned into text compare equal on both sides; failures read as the engine's do.
     */
    Connection connect(String database) throws SQLException {
        PgUrl url = new PgUrl(admin.host(), admin.port(), database, admin.user(), admin.password(), admin.parameters());
        try (Database db = Database.open("pg", url, Database.DEFAULT_CONNECT_TIMEOUT, 1)) {
            return db.connectDirectly();
        }
    }

    void createDatabase(String name) throws SQLException {
        try (Connection c = connect(admin.database()); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + Sql.ident(name));
        }
        created.add(name);
    }

    /** Names of the databases created so far, which {@link #close()} drops on an existing server. */
    List<String> createdDatabases() {
        return List.copyOf(created);
    }

    @Override
    public void close() throws IOException, SQLException {
        if (embedded != null) {
            // Its data directory is temporary: the databases go with it.
            embedded.close();
            return;
        }
        try (Connection c = connect(admin.database()); Statement st = c.createStatement()) {
            for (String name : created) {
                // FORCE: a connection the engine left open must not keep the demo's databases alive.
                st.execute("DROP DATABASE IF EXISTS " + Sql.ident(name) + " WITH (FORCE)");
            }
        }
        created.clear();
    }

    private static String encode(String s) {
        // PgUrl decodes '+' literally, so spaces must travel as %20.
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
