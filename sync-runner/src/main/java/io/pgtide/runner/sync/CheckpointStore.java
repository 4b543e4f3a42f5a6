package io.pgtide.runner.sync;

import io.pgtide.runner.schema.TableName;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoints in the target's {@code pgtide} schema. A chunk's checkpoint is written on the same
 * connection and in the same transaction as its rows, so after a crash the checkpoint says exactly
 * which rows are on the target.
 */
public final class CheckpointStore {
    static final String TABLE = "pgtide.sync_checkpoint";

    /** A table's position: the key of its last committed row, and counts so far. */
    public record Checkpoint(String fingerprint, List<String> lastKey, Phase phase, long read, long inserted,
                             long updated, long deleted, long unchanged, long skipped) {
    }

    /** COPYING: rows up to lastKey are written; COPIED: all rows written, missing rows not yet deleted; DONE. */
    public enum Phase { COPYING, COPIED, DONE }

    private final String jobId;
    private final boolean persistent;

    private CheckpointStore(String jobId, boolean persistent) {
        this.jobId = jobId;
        this.persistent = persistent;
    }

    /**
     * Creates the schema and table if needed. When the role may not create them, checkpoints are
     * not kept (a rerun starts over; merges are idempotent) and {@code warn} is told.
     */
    public static CheckpointStore open(Connection target, String jobId, java.util.function.Consumer<String> warn)
            throws SQLException {
        boolean autoCommit = target.getAutoCommit();
        target.setAutoCommit(true);
        try (Statement st = target.createStatement()) {
            // IF NOT EXISTS still needs CREATE on the database: a role that may not create schemas but
            // was given the pgtide schema by an administrator must find it without asking for more.
            try (ResultSet rs = st.executeQuery("SELECT to_regnamespace('pgtide') IS NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    st.execute("CREATE SCHEMA IF NOT EXISTS pgtide");
                }
            }
            st.execute("""
                    CREATE TABLE IF NOT EXISTS pgtide.sync_checkpoint (
                        job_id      text NOT NULL,
                        table_name  text NOT NULL,
                        fingerprint text NOT NULL,
                        last_key    text[],
                        phase       text NOT NULL,
                        rows_read   bigint NOT NULL DEFAULT 0,
                        inserted    bigint NOT NULL DEFAULT 0,
                        updated     bigint NOT NULL DEFAULT 0,
                        deleted     bigint NOT NULL DEFAULT 0,
                        unchanged   bigint NOT NULL DEFAULT 0,
                        skipped     bigint NOT NULL DEFAULT 0,
                        updated_at  timestamptz NOT NULL DEFAULT now(),
                        PRIMARY KEY (job_id, table_name))""");
            return new CheckpointStore(jobId, true);
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
            warn.accept("the target role may not create the pgtide schema, so no checkpoints are kept: an interrupted run"
                    + " starts over when rerun (merges are idempotent, nothing is duplicated). GRANT CREATE ON DATABASE to the role to enable resume");
            return new CheckpointStore(jobId, false);
        } finally {
            target.setAutoCommit(autoCommit);
        }
    }

    public boolean persistent() {
        return persistent;
    }

    public Optional<Checkpoint> load(Connection target, String table) throws SQLException {
        if (!persistent) {
            return Optional.empty();
        }
        try (PreparedStatement ps = target.prepareStatement("SELECT fingerprint, last_key, phase, rows_read, inserted, updated,"
                + " deleted, unchanged, skipped FROM " + TABLE + " WHERE job_id = ? AND table_name = ?")) {
            ps.setString(1, jobId);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Array key = rs.getArray(2);
                List<String> lastKey = key == null ? null : Arrays.asList((String[]) key.getArray());
                return Optional.of(new Checkpoint(rs.getString(1), lastKey, Phase.valueOf(rs.getString(3)), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
            }
        }
    }

    /** Records progress in the caller's open transaction; the caller commits it with the chunk. */
    void save(Connection target, String table, String fingerprint, List<String> lastKey, Phase phase, RowCounts c)
            throws SQLException {
        if (!persistent) {
            return;
        }
        try (PreparedStatement ps = target.prepareStatement("INSERT INTO " + TABLE + " AS c (job_id, table_name, fingerprint,"
                + " last_key, phase, rows_read, inserted, updated, deleted, unchanged, skipped, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
                + " ON CONFLICT (job_id, table_name) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
                + " last_key = EXCLUDED.last_key, phase = EXCLUDED.phase, rows_read = EXCLUDED.rows_read,"
                + " inserted = EXCLUDED.inserted, updated = EXCLUDED.updated, deleted = EXCLUDED.deleted,"
                + " unchanged = EXCLUDED.unchanged, skipped = EXCLUDED.skipped, updated_at = now()")) {
            ps.setString(1, jobId);
            ps.setString(2, table);
            ps.setString(3, fingerprint);
            ps.setArray(4, lastKey == null ? null : target.createArrayOf("text", lastKey.toArray()));
            ps.setString(5, phase.name());
            ps.setLong(6, c.read);
            ps.setLong(7, c.inserted);
            ps.setLong(8, c.updated);
            ps.setLong(9, c.deleted);
            ps.setLong(10, c.unchanged);
            ps.setLong(11, c.skipped);
            ps.executeUpdate();
        }
    }

    /** Forgets the job's checkpoints once a run has finished (the next run is a fresh sync). */
    public void clear(Connection target) throws SQLException {
        if (!persistent) {
            return;
        }
        try (PreparedStatement ps = target.prepareStatement("DELETE FROM " + TABLE + " WHERE job_id = ?")) {
            ps.setString(1, jobId);
            ps.executeUpdate();
        }
    }

    /**
     * Forgets the checkpoints of any job, in the caller's transaction (a restore from a backup: the
     * restored tables must be synced from the start). Nothing to do where no checkpoint table exists.
     */
    public static void clearJob(Connection target, String jobId) throws SQLException {
        try (Statement st = target.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return;
            }
        }
        try (PreparedStatement ps = target.prepareStatement("DELETE FROM " + TABLE + " WHERE job_id = ?")) {
            ps.setString(1, jobId);
            ps.executeUpdate();
        }
    }

    /**
     * Forgets the checkpoints of some tables of a job, in the caller's transaction (a restore of
     * those tables only: the job's other tables keep their progress).
     */
    public static void clearTables(Connection target, String jobId, List<TableName> tables) throws SQLException {
        try (Statement st = target.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return;
            }
        }
        try (PreparedStatement ps = target.prepareStatement("DELETE FROM " + TABLE + " WHERE job_id = ? AND table_name = ANY (?)")) {
            ps.setString(1, jobId);
            ps.setArray(2, target.createArrayOf("text", tables.stream().map(TableName::sql).toArray()));
            ps.executeUpdate();
        }
    }

    /** Whether the job has checkpoints: an earlier attempt of it was interrupted, and this run resumes it. */
    public boolean hasAny(Connection target) throws SQLException {
        if (!persistent) {
            return false;
        }
        try (PreparedStatement ps = target.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + TABLE + " WHERE job_id = ?)")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
