package io.pgtide.runner.sync;

import io.pgtide.runner.schema.TableName;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Session advisory locks on the target, one per target table, held on a dedicated connection for
 * the whole run: two runs never write the same table at once. Locks are taken in name order and
 * released all at once (closing the connection releases them too, even after kill -9).
 */
public final class TargetLock implements AutoCloseable {
    private final Connection connection;

    private TargetLock(Connection connection) {
        this.connection = connection;
    }

    /** Takes all locks or none; names the table and the holder's pid when one is taken. */
    public static TargetLock acquire(Connection connection, List<TableName> tables) throws SQLException {
        TargetLock lock = new TargetLock(connection);
        List<Long> taken = new ArrayList<>();
        for (TableName t : new TreeSet<>(tables)) {
            long key = keyOf(t);
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        String holder = holderPid(connection, key);
                        for (long k : taken) {
                            unlock(connection, k);
                        }
                        throw new TableLockedException("table " + t.display() + " is being written by another pgtide run"
                                + (holder == null ? "" : " (target backend pid " + holder + ")")
                                + "; wait for it to finish, or stop it, then run again");
                    }
                }
            }
            taken.add(key);
        }
        return lock;
    }

    /** The 64-bit advisory lock key of a table: stable across runs and hosts. */
    static long keyOf(TableName table) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("pgtide:" + table.schema() + "." + table.name()).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String holderPid(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND classid = (?::bigint >> 32)::oid AND objid = (?::bigint & 4294967295)::oid AND objsubid = 1 LIMIT 1")) {
            ps.setLong(1, key);
            ps.setLong(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void unlock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        }
    }

    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock_all()")) {
            ps.execute();
        } catch (SQLException e) {
            // The session is gone (terminated, network cut), and session-level advisory locks went
            // with it; the run's outcome must not turn into this error.
        }
    }

    /** Another run holds a lock on one of the tables. */
    public static final class TableLockedException extends RuntimeException {
        public TableLockedException(String message) {
            super(message);
        }
    }
}
