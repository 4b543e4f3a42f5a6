package io.pgtide.runner.backup;

import io.pgtide.runner.db.Sql;
import io.pgtide.runner.schema.TableName;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backup catalog in the target's {@code pgtide_backup} schema: one row per backup and one per
 * backed-up table, next to the backup tables themselves. Every method works in the caller's
 * transaction, so a backup's tables and its catalog rows appear (or disappear) together.
 */
public final class BackupCatalog {
    public static final String SCHEMA = "pgtide_backup";
    private static final String BACKUPS = SCHEMA + ".backup";
    private static final String TABLES = SCHEMA + ".backup_table";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupCatalog() {
    }

    /** Creates the schema and the catalog tables when missing. */
    static void ensure(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            // IF NOT EXISTS still needs CREATE on the database; a schema an administrator created for
            // the role is used without it.
            try (ResultSet rs = st.executeQuery("SELECT to_regnamespace('" + SCHEMA + "') IS NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    st.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
                }
            }
            st.execute("CREATE TABLE IF NOT EXISTS " + BACKUPS + """
                     (
                        id              text PRIMARY KEY,
                        job_id          text NOT NULL,
                        backup_group    text NOT NULL,
                        created_at      timestamptz NOT NULL,
                        state           text NOT NULL,
                        duration_millis bigint NOT NULL,
                        total_rows      bigint NOT NULL,
                        total_bytes     bigint NOT NULL,
                        state_changed_at timestamptz NOT NULL DEFAULT now())""");
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLES + """
                     (
                        backup_id    text NOT NULL REFERENCES pgtide_backup.backup ON DELETE CASCADE,
                        position     int NOT NULL,
                        target_schema text NOT NULL,
                        target_name  text NOT NULL,
                        backup_table text NOT NULL,
                        key_columns  text[] NOT NULL,
                        columns      text[] NOT NULL,
                        row_count    bigint NOT NULL,
                        bytes        bigint NOT NULL,
                        PRIMARY KEY (backup_id, position))""");
        }
    }

    /** Whether the catalog exists (a target where no backup was ever taken has none). */
    static boolean exists(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('" + BACKUPS + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * A new backup id: its UTC time to the second, sortable and readable, plus 4 random hex digits
     * so that two backups in the same second (two jobs) differ, e.g. {@code 20261129-081530-ab12}.
     */
    static String newId(Instant now) {
        byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        return ID_TIME.format(now) + "-" + HexFormat.of().formatHex(random);
    }

    /** The backup table of a table: short enough for PostgreSQL's 63-byte names whatever the target's name. */
    static String backupTableName(String id, int position) {
        return id + "_" + position;
    }

    static String backupTableSql(String backupTable) {
        return Sql.ident(SCHEMA) + "." + Sql.ident(backupTable);
    }

    static void insert(Connection c, Backup b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + BACKUPS + " (id, job_id, backup_group, created_at,"
                + " state, duration_millis, total_rows, total_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, b.id());
            ps.setString(2, b.jobId());
            ps.setString(3, b.group());
            ps.setTimestamp(4, Timestamp.from(b.createdAt()));
            ps.setString(5, b.state().name());
            ps.setLong(6, b.duration().toMillis());
            ps.setLong(7, b.rows());
            ps.setLong(8, b.bytes());
            ps.executeUpdate();
        }
        insertTables(c, b);
    }

    private static void insertTables(Connection c, Backup b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLES + " (backup_id, position, target_schema,"
                + " target_name, backup_table, key_columns, columns, row_count, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Backup.Table t : b.tables()) {
                ps.setString(1, b.id());
                ps.setInt(2, t.position());
                ps.setString(3, t.target().schema());
                ps.setString(4, t.target().name());
                ps.setString(5, t.backupTable());
                ps.setArray(6, c.createArrayOf("text", t.key().toArray()));
                ps.setArray(7, c.createArrayOf("text", t.columns().toArray()));
                ps.setLong(8, t.rows());
                ps.setLong(9, t.bytes());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Records the tables of a backup that grew (a resumed run's new tables), with its new totals. */
    static void replaceTables(Connection c, Backup b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLES + " WHERE backup_id = ?")) {
            ps.setString(1, b.id());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + BACKUPS + " SET total_rows = ?, total_bytes = ? WHERE id = ?")) {
            ps.setLong(1, b.rows());
            ps.setLong(2, b.bytes());
            ps.setString(3, b.id());
            ps.executeUpdate();
        }
        insertTables(c, b);
    }

    static void setState(Connection c, String id, Backup.State state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + BACKUPS + " SET state = ?, state_changed_at = now() WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** Open backups of {@code jobId} other than {@code keep} (null: all) become Abandoned: their run restarted. */
    static void abandonOpen(Connection c, String jobId, String keep) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + BACKUPS + " SET state = ?, state_changed_at = now()"
                + " WHERE job_id = ? AND state = ? AND id IS DISTINCT FROM ?")) {
            ps.setString(1, Backup.State.Abandoned.name());
            ps.setString(2, jobId);
            ps.setString(3, Backup.State.Open.name());
            ps.setString(4, keep);
            ps.executeUpdate();
        }
    }

    public static Optional<Backup> find(Connection c, String id) throws SQLException {
        if (!exists(c)) {
            return Optional.empty();
        }
        return query(c, "b.id = ?", id).stream().findFirst();
    }

    /** The newest Open backup of a job: the one an interrupted attempt took. */
    static Optional<Backup> openBackupOf(Connection c, String jobId) throws SQLException {
        return query(c, "b.job_id = ? AND b.state = 'Open'", jobId).stream().findFirst();
    }

    /** All backups, newest first, or those of one job. */
    public static List<Backup> list(Connection c, String jobId) throws SQLException {
        if (!exists(c)) {
            return List.of();
        }
        return jobId == null ? query(c, "true", null) : query(c, "b.job_id = ?", jobId);
    }

    private static List<Backup> query(Connection c, String condition, String parameter) throws SQLException {
        Map<String, Backup> backups = new LinkedHashMap<>();
        Map<String, List<Backup.Table>> tables = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT b.id, b.job_id, b.backup_group, b.created_at, b.state,"
                + " b.duration_millis, b.total_rows, b.total_bytes FROM " + BACKUPS + " b WHERE " + condition
                + " ORDER BY b.created_at DESC, b.id DESC")) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    backups.put(id, new Backup(id, rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            Backup.State.valueOf(rs.getString(5)), Duration.ofMillis(rs.getLong(6)), rs.getLong(7),
                            rs.getLong(8), List.of()));
                    tables.put(id, new ArrayList<>());
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT t.backup_id, t.position, t.target_schema, t.target_name,"
                + " t.backup_table, t.key_columns, t.columns, t.row_count, t.bytes FROM " + TABLES + " t JOIN " + BACKUPS
                + " b ON b.id = t.backup_id WHERE " + condition + " ORDER BY t.backup_id, t.position")) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Backup.Table> list = tables.get(rs.getString(1));
                    if (list != null) {
                        list.add(new Backup.Table(rs.getInt(2), new TableName(rs.getString(3), rs.getString(4)),
                                rs.getString(5), texts(rs.getArray(6)), texts(rs.getArray(7)), rs.getLong(8), rs.getLong(9)));
                    }
                }
            }
        }
        List<Backup> out = new ArrayList<>();
        for (Backup b : backups.values()) {
            out.add(new Backup(b.id(), b.jobId(), b.group(), b.createdAt(), b.state(), b.duration(), b.rows(), b.bytes(),
                    tables.get(b.id())));
        }
        return out;
    }

    private static List<String> texts(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    /**
     * Drops the group's backups beyond the {@code retain} newest, with their tables. Never drops
     * an Open backup whose job still has checkpoints: that run may resume and need it to roll back.
     *
     * @return the ids dropped
     */
    static List<String> prune(Connection c, String group, int retain) throws SQLException {
        boolean checkpoints;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('pgtide.sync_checkpoint') IS NOT NULL")) {
            rs.next();
            checkpoints = rs.getBoolean(1);
        }
        List<String> dropped = new ArrayList<>();
        for (Backup b : query(c, "b.backup_group = ?", group).stream().skip(retain).toList()) {
            if (b.state() == Backup.State.Open && checkpoints && hasCheckpoints(c, b.jobId())) {
                continue;
            }
            try (Statement st = c.createStatement()) {
                for (Backup.Table t : b.tables()) {
                    st.execute("DROP TABLE IF EXISTS " + backupTableSql(t.backupTable()));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + BACKUPS + " WHERE id = ?")) {
                ps.setString(1, b.id());
                ps.executeUpdate();
            }
            dropped.add(b.id());
        }
        return dropped;
    }

    private static boolean hasCheckpoints(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pgtide.sync_checkpoint WHERE job_id = ?)")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
