package io.pgtide.runner.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;

import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * One side of a sync (source or target): a small HikariCP pool sized to the run, with a connect
 * timeout, and connection attempts retried with exponential backoff when the failure is transient.
 * Connection failures become {@link UserError}s that say what is wrong without the password.
 */
public final class Database implements AutoCloseable {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int CONNECT_ATTEMPTS = 3;

    /**
     * Session settings that make COPY text identical in meaning on both sides whatever the servers'
     * defaults (dates, intervals, floats, literals), and that keep long snapshots and chunks alive.
     */
    static final String SESSION_SETUP = "SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres';"
            + " SET extra_float_digits = 3; SET standard_conforming_strings = on; SET statement_timeout = 0;"
            + " SET idle_in_transaction_session_timeout = 0; SET bytea_output = 'hex'";

    private final String role;
    private final PgUrl url;
    private final Duration connectTimeout;
    private final Retry connectRetry;
    private HikariDataSource pool;

    private Database(String role, PgUrl url, Duration connectTimeout) {
        this.role = role;
        this.url = url;
        this.connectTimeout = connectTimeout;
        this.connectRetry = Retry.of(role + "-connect", RetryConfig.custom()
                .maxAttempts(CONNECT_ATTEMPTS)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(500), 2.0))
                .retryOnException(TransientErrors::isTransient)
                .build());
    }

    /**
     * Checks that the database can be reached (with retries), then opens a pool of at most
     * {@code poolSize} connections.
     */
    public static Database open(String role, PgUrl url, Duration connectTimeout, int poolSize) {
        Database db = new Database(role, url, connectTimeout);
        try (Connection probe = db.connectDirectly()) {
            probe.isValid(1);
        } catch (SQLException e) {
            throw db.describeConnectFailure(e);
        }
        db.pool = db.createPool(poolSize);
        return db;
    }

    public String role() {
        return role;
    }

    public PgUrl url() {
        return url;
    }

    /** A pooled connection; transient failures are retried with backoff. */
    public Connection connection() throws SQLException {
        try {
            return Retry.decorateCheckedSupplier(connectRetry, () -> pool.getConnection()).get();
        } catch (SQLException e) {
            throw e;
        } catch (Throwable t) {
            throw new SQLException(t.getMessage(), t);
        }
    }

    /** A connection outside the pool, for work that must outlive pool policies (locks, snapshots). */
    public Connection connectDirectly() throws SQLException {
        try {
            return Retry.decorateCheckedSupplier(connectRetry, () -> {
                Connection c = DriverManager.getConnection(url.jdbcUrl(), properties());
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute(SESSION_SETUP);
                } catch (SQLException e) {
                    c.close();
                    throw e;
                }
                return c;
            }).get();
        } catch (SQLException e) {
            throw e;
        } catch (Throwable t) {
            throw new SQLException(t.getMessage(), t);
        }
    }

    private HikariDataSource createPool(int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("pgtide-" + role);
        config.setJdbcUrl(url.jdbcUrl());
        config.setDataSourceProperties(properties());
        config.setMaximumPoolSize(Math.max(1, poolSize));
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis() + 1000));
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        config.setConnectionInitSql(SESSION_SETUP);
        // Long COPY streams and chunk transactions must not be cut by pool housekeeping.
        config.setMaxLifetime(0);
        config.setKeepaliveTime(0);
        return new HikariDataSource(config);
    }

    private Properties properties() {
        Properties p = new Properties();
        p.putAll(url.parameters());
        p.setProperty("user", url.user());
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        p.setProperty("ApplicationName", "pgtide-" + role);
        p.setProperty("tcpKeepAlive", "true");
        // Server error details can quote row values (e.g. "Failing row contains ..."); errors end up
        // in output and, in Kubernetes, in status, so they carry the message and SQLSTATE only.
        p.setProperty("logServerErrorDetail", "false");
        return p;
    }

    /** Turns a failed connection attempt into a message that says what to fix. */
    public ConnectFailure describeConnectFailure(SQLException e) {
        String state = e.getSQLState();
        String where = "the " + role + " database " + url.displayName() + " as user '" + url.user() + "'";
        String detail = safeMessage(e);
        if (TransientErrors.hasCause(e, UnknownHostException.class)) {
            return new ConnectFailure(ConnectFailure.Kind.UNKNOWN_HOST, "Cannot connect to " + where + ": the host '"
                    + url.host() + "' is unknown. Check the host name in the --" + role + " URL.");
        }
        if ("28P01".equals(state) || "28000".equals(state)) {
            return new ConnectFailure(ConnectFailure.Kind.AUTHENTICATION_FAILED, "Cannot connect to " + where
                    + ": authentication failed (wrong user or password). Check the credentials in the --" + role
                    + " URL or PGTIDE_" + role.toUpperCase() + "_PASSWORD.");
        }
        if ("3D000".equals(state)) {
            return new ConnectFailure(ConnectFailure.Kind.DATABASE_NOT_FOUND, "Cannot connect to " + where + ": the database '"
                    + url.database() + "' does not exist on that server. Create it or fix the database name in the URL.");
        }
        if (state != null && state.startsWith("08") || TransientErrors.isTransient(e)) {
            return new ConnectFailure(ConnectFailure.Kind.UNREACHABLE, "Cannot connect to " + where + " after " + CONNECT_ATTEMPTS
                    + " attempts (timeout " + connectTimeout.toSeconds() + " s each): " + detail
                    + ". Check that the server is running and reachable at that host and port.");
        }
        return new ConnectFailure(ConnectFailure.Kind.OTHER, "Cannot connect to " + where + ": " + detail);
    }


    /** An exception message with any password in it masked. */
    public static String safeMessage(Throwable e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return PgUrl.redact(msg).strip().replaceFirst("^(ERROR|FATAL): ", "").replaceFirst("\\.+$", "");
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
