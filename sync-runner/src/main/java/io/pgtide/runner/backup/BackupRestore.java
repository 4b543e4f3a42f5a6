package io.pgtide.runner.backup;

import io.pgtide.runner.db.Sql;
import io.pgtide.runner.db.TransientErrors;
import io.pgtide.runner.schema.TableName;
import io.pgtide.runner.sync.CheckpointStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts tables back to their contents in a backup, server-side and in the caller's transaction, by
 * the smallest change: for a keyed table, rows whose key is not in the backup are deleted (children
 * first, so nothing cascades into rows that stay), rows that differ are updated and missing rows
 * inserted (parents first, so every reference finds its row); see {@link #restore} for the order of
 * the two. A table without a key loses all its rows and gets the backup's. Generated columns are never written (the database computes them);
 * identity ALWAYS columns are inserted with OVERRIDING SYSTEM VALUE and, like the sync, never updated.
 */
public final class BackupRestore {
    /** What restoring one table changed. */
    public record TableOutcome(TableName table, long deleted, long updated, long inserted) {
        public long changed() {
            return deleted + updated + inserted;
        }
    }

    private BackupRestore() {
    }

    /**
     * Restores {@code tables} of {@code backup} in one transaction that also forgets the checkpoints
     * of the backup's job (a restored table must not be "resumed" after rows that are gone) and,
     * when every table of the backup was restored, records the backup's new {@code state}. When only
     * some were, only their checkpoints go and the backup keeps its state: the job's other tables
     * may still be half synced, and an Open backup is what a resume of them rolls back to.
     * On failure nothing changes: tables, checkpoints and backup stay.
     */
    public static List<TableOutcome> restoreAndRecord(Connection c, Backup backup, List<Backup.Table> tables,
                                                      Backup.State state) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            List<TableOutcome> outcomes = restore(c, tables);
            if (tables.containsAll(backup.tables())) {
                CheckpointStore.clearJob(c, backup.jobId());
                BackupCatalog.setState(c, backup.id(), state);
            } else {
                CheckpointStore.clearTables(c, backup.jobId(), tables.stream().map(Backup.Table::target).toList());
            }
            c.commit();
            c.setAutoCommit(autoCommit);
            return outcomes;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        }
    }

    /**
     * Rolls back after {@code cause}; on a connection that died with it, the rollback fails too, and
     * that failure must not hide the cause (the server ends the transaction with the connection).
     */
    static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Restores {@code tables} of a backup; the caller's connection must have auto-commit off.
     * SET CONSTRAINTS only defers DEFERRABLE constraints, so the order of the statements matters
     * for the others, and no single order fits every run: a child the sync pointed at a parent it
     * inserted must be updated back before that parent is deleted (upserts first), while a unique
     * value the sync moved from a row it deleted to one it inserted or updated must leave the
     * latter before the former gets it back (deletes first). Upserts first is tried, and on an
     * integrity violation the other order; when both fail the first error is reported.
     */
    static List<TableOutcome> restore(Connection c, List<Backup.Table> tables) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET CONSTRAINTS ALL DEFERRED");
        }
        List<Backup.Table> parentsFirst = tables.stream().sorted(Comparator.comparingInt(Backup.Table::position)).toList();
        Map<Backup.Table, TableSql> sql = new LinkedHashMap<>();
        for (Backup.Table t : parentsFirst) {
            sql.put(t, TableSql.of(c, t));
        }
        List<Backup.Table> childrenFirst = new ArrayList<>(parentsFirst);
        Collections.reverse(childrenFirst);
        Map<Backup.Table, long[]> counts;
        Savepoint savepoint = c.setSavepoint();
        try {
            counts = upsertsFirst(c, sql, parentsFirst, childrenFirst);
            c.releaseSavepoint(savepoint);
        } catch (SQLException upsertsFirst) {
            if (!isIntegrityViolation(upsertsFirst)) {
                throw upsertsFirst;
            }
            c.rollback(savepoint);
            try {
                counts = deletesFirst(c, sql, parentsFirst, childrenFirst);
            } catch (SQLException deletesFirst) {
                upsertsFirst.addSuppressed(deletesFirst);
                throw upsertsFirst;
            }
        }
        Map<Backup.Table, long[]> done = counts;
        return parentsFirst.stream().map(t -> new TableOutcome(t.target(), done.get(t)[0], done.get(t)[1],
                done.get(t)[2])).toList();
    }

    /**
     * Parents first: missing rows inserted and differing rows updated; then children first: rows
     * not in the backup deleted. A table without a key is emptied and refilled at its place among
     * the parents, so its children's inserts that follow find (or re-create) their rows.
     */
    private static Map<Backup.Table, long[]> upsertsFirst(Connection c, Map<Backup.Table, TableSql> sql,
                                                          List<Backup.Table> parentsFirst,
                                                          List<Backup.Table> childrenFirst) throws SQLException {
        Map<Backup.Table, long[]> counts = new HashMap<>();
        try (Statement st = c.createStatement()) {
            for (Backup.Table t : parentsFirst) {
                TableSql s = sql.get(t);
                long deleted = t.key().isEmpty() ? st.executeUpdate(s.delete()) : 0;
                long inserted = st.executeUpdate(s.insert());
                String update = s.update();
                counts.put(t, new long[]{deleted, update == null ? 0 : st.executeUpdate(update), inserted});
            }
            for (Backup.Table t : childrenFirst) {
                if (!t.key().isEmpty()) {
                    counts.get(t)[0] = st.executeUpdate(sql.get(t).delete());
                }
            }
        }
        return counts;
    }

    /** Children first: rows not in the backup deleted; then parents first: differing rows updated, missing ones inserted. */
    private static Map<Backup.Table, long[]> deletesFirst(Connection c, Map<Backup.Table, TableSql> sql,
                                                          List<Backup.Table> parentsFirst,
                                                          List<Backup.Table> childrenFirst) throws SQLException {
        Map<Backup.Table, long[]> counts = new HashMap<>();
        try (Statement st = c.createStatement()) {
            for (Backup.Table t : childrenFirst) {
                counts.put(t, new long[]{st.executeUpdate(sql.get(t).delete()), 0, 0});
            }
            for (Backup.Table t : parentsFirst) {
                String update = sql.get(t).update();
                counts.get(t)[1] = update == null ? 0 : st.executeUpdate(update);
                counts.get(t)[2] = st.executeUpdate(sql.get(t).insert());
            }
        }
        return counts;
    }

    /** SQLSTATE class 23: a foreign key, unique, check or not-null constraint refused a statement. */
    private static boolean isIntegrityViolation(SQLException e) {
        String state = TransientErrors.sqlState(e);
        return state != null && state.startsWith("23");
    }

    /** The statements for one table, from its backup entry and the target table's columns as they are now. */
    private record TableSql(Backup.Table table, List<String> written, List<String> updatable, boolean identityAlways) {

        static TableSql of(Connection c, Backup.Table table) throws SQLException {
            Map<String, String> kinds = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT attname, attidentity::text, attgenerated::text"
                    + " FROM pg_catalog.pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped")) {
                ps.setString(1, table.target().sql());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        kinds.put(rs.getString(1), !rs.getString(3).isEmpty() ? "generated" : rs.getString(2));
                    }
                }
            }
            List<String> written = new ArrayList<>();
            List<String> updatable = new ArrayList<>();
            boolean identityAlways = false;
            for (String column : table.columns()) {
                String kind = kinds.get(column);
                if (kind == null) {
                    throw new SQLException("the table " + table.target().display() + " no longer has the column \"" + column
                            + "\" that the backup holds; restore it by hand from " + backupTableSql(table));
                }
                if (kind.equals("generated")) {
                    continue;
                }
                written.add(column);
                identityAlways |= kind.equals("a");
                if (!kind.equals("a") && !table.key().contains(column)) {
                    updatable.add(column);
                }
            }
            return new TableSql(table, written, updatable, identityAlways);
        }

        private String target() {
            return table.target().sql();
        }

        private String backup() {
            return backupTableSql(table);
        }

        String delete() {
            if (table.key().isEmpty()) {
                return "DELETE FROM " + target();
            }
            return "DELETE FROM " + target() + " t WHERE NOT EXISTS (SELECT 1 FROM " + backup() + " b WHERE " + keyJoin() + ")";
        }

        /** Rows whose text form differs (types without an equality operator, such as json, compare too). */
        String update() {
            if (table.key().isEmpty() || updatable.isEmpty()) {
                return null;
            }
            return "UPDATE " + target() + " t SET "
                    + updatable.stream().map(col -> Sql.ident(col) + " = b." + Sql.ident(col)).collect(Collectors.joining(", "))
                    + " FROM " + backup() + " b WHERE " + keyJoin()
                    + " AND ROW(" + textForms("t", updatable) + ") IS DISTINCT FROM ROW(" + textForms("b", updatable) + ")";
        }

        String insert() {
            String columns = Sql.idents(written);
            return "INSERT INTO " + target() + " (" + columns + ")" + (identityAlways ? " OVERRIDING SYSTEM VALUE" : "")
                    + " SELECT " + written.stream().map(col -> "b." + Sql.ident(col)).collect(Collectors.joining(", "))
                    + " FROM " + backup() + " b"
                    + (table.key().isEmpty() ? "" : " WHERE NOT EXISTS (SELECT 1 FROM " + target() + " t WHERE " + keyJoin() + ")");
        }

        private String keyJoin() {
            return table.key().stream().map(k -> "t." + Sql.ident(k) + " = b." + Sql.ident(k)).collect(Collectors.joining(" AND "));
        }

        private static String textForms(String alias, List<String> columns) {
            return columns.stream().map(col -> alias + "." + Sql.ident(col) + "::text").collect(Collectors.joining(", "));
        }
    }

    private static String backupTableSql(Backup.Table table) {
        return BackupCatalog.backupTableSql(table.backupTable());
    }
}
