package io.pgtide.runner.sync;

import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One consistent view of the source for the whole run: a read-only REPEATABLE READ transaction
 * that exports its snapshot and stays open until the run ends; every worker imports it, so all
 * tables (and planning) see the same instant. The source is never written.
 */
final class SourceSnapshot implements AutoCloseable {
    private final Connection exporter;
    private final String snapshotId;

    private SourceSnapshot(Connection exporter, String snapshotId) {
        this.exporter = exporter;
        this.snapshotId = snapshotId;
    }

    static SourceSnapshot begin(Database source) throws SQLException {
        Connection c = source.connectDirectly();
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            try (ResultSet rs = st.executeQuery("SELECT pg_catalog.pg_export_snapshot()")) {
                rs.next();
                return new SourceSnapshot(c, rs.getString(1));
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** The exporting transaction itself; planning reads the catalog through it. */
    Connection connection() {
        return exporter;
    }

    /** Starts a read-only transaction on {@code worker} that sees exactly this snapshot. */
    void join(Connection worker) throws SQLException {
        worker.setAutoCommit(true);
        try (Statement st = worker.createStatement()) {
            st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            st.execute("SET TRANSACTION SNAPSHOT " + Sql.literal(snapshotId));
        }
    }

    /** Ends a worker's transaction (it only read). */
    static void leave(Connection worker) {
        try (Statement st = worker.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // The connection is closed or broken; nothing was written through it.
        }
    }

    @Override
    public void close() throws SQLException {
        try (Statement st = exporter.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // Closing ends the transaction anyway.
        }
        exporter.close();
    }
}
