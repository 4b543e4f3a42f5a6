package io.pgtide.runner.backup;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.db.Sql;
import io.pgtide.runner.db.TransientErrors;
import io.pgtide.runner.progress.ProgressListener;
import io.pgtide.runner.schema.Column;
import io.pgtide.runner.schema.TableName;
import io.pgtide.runner.schema.TableSchema;
import io.pgtide.runner.sync.SyncOptions;
import io.pgtide.runner.sync.SyncPlanner;
import io.pgtide.runner.sync.TablePlan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A sync run's backup: taken (or, for a resumed run, reused) after validation and the table locks
 * and before the first write; marked Finished when the run synced every table; restored from when
 * the run was aborted.
 */
public final class RunBackup {
    /** The outcome of an automatic rollback: the backup restored from, or why the target was not restored. */
    public record Rollback(String backupId, List<BackupRestore.TableOutcome> tables, String message) {
        public boolean restored() {
            return tables != null;
        }
    }

    private RunBackup() {
    }

    /**
     * The run's backup, or null when it has none (policy Disabled, or BestEffort and the backup
     * failed, with a warning). Under policy Required a backup that cannot be made stops the run
     * before any write with a {@link UserError} that says why and how to fix it.
     *
     * @param resumed the job has checkpoints of an interrupted attempt: its tables are half written,
     *                so the attempt's own backup is the one that holds their contents before the sync
     */
    public static Backup prepare(Database target, SyncPlanner.Plan plan, SyncOptions options, boolean resumed,
                                 ProgressListener listener) throws SQLException {
        BackupOptions backup = options.backup();
        if (backup.policy() == BackupOptions.Policy.DISABLED) {
            listener.backupMissing("no backup was taken (backup policy disabled)");
            return null;
        }
        if (resumed) {
            Backup earlier;
            try (Connection c = target.connection()) {
                earlier = BackupCatalog.exists(c) ? BackupCatalog.openBackupOf(c, options.jobId()).orElse(null) : null;
            }
            if (earlier != null) {
                listener.message("Resuming with backup " + earlier.id() + ", taken by the interrupted attempt before its"
                        + " first write (" + describe(earlier) + ")");
                List<TableName> held = earlier.tables().stream().map(Backup.Table::target).toList();
                List<TableName> missing = plan.order().flatOrder().stream().filter(t -> !held.contains(t)).toList();
                if (!missing.isEmpty()) {
                    try {
                        earlier = extend(target, earlier, plan, missing);
                    } catch (SQLException e) {
                        return failed(e, backup, target, listener);
                    }
                    listener.message("Backup " + earlier.id() + " now also holds " + missing.stream().map(TableName::display)
                            .collect(Collectors.joining(", ")) + ", which the interrupted attempt did not sync");
                }
                listener.backupTaken(earlier, true);
                return earlier;
            }
            if (backup.policy() == BackupOptions.Policy.REQUIRED) {
                throw new UserError(ExitCode.FAILED, "Cannot resume job " + options.jobId() + " with backup policy required:"
                        + " its interrupted attempt wrote without a backup, and one taken now would hold half-synced"
                        + " tables. Nothing was written. Start over with a new backup (--restart), or resume with"
                        + " --backup best-effort.");
            }
            String why = "no backup: this run resumes an interrupted attempt that had none, and one taken now would hold"
                    + " half-synced tables";
            listener.message("Warning: " + why);
            listener.backupMissing(why);
            return null;
        }
        Backup taken;
        try {
            taken = take(target, plan, options);
        } catch (SQLException e) {
            return failed(e, backup, target, listener);
        }
        listener.message("Backup " + taken.id() + " taken: " + describe(taken) + "; restore it with 'java -jar sync-runner.jar"
                + " restore --target " + target.url() + " --backup " + taken.id() + "'");
        listener.backupTaken(taken, false);
        prune(target, backup, listener);
        return taken;
    }

    /** A backup that could not be made: the run stops (policy required) or goes on without one, warned. */
    private static Backup failed(SQLException e, BackupOptions backup, Database target, ProgressListener listener) {
        String cause = describe(e);
        if (backup.policy() == BackupOptions.Policy.REQUIRED) {
            throw new UserError(ExitCode.FAILED, "The backup of the target failed, and backup policy is required:"
                    + " nothing was written. " + cause + "." + fix(e, target.url())
                    + " Or choose --backup best-effort (sync without a backup when it fails) or --backup disabled.");
        }
        String why = "the backup of the target failed, so this run has none and cannot be rolled back: " + cause
                + "." + fix(e, target.url());
        listener.message("Warning: " + why);
        listener.backupMissing(why);
        return null;
    }

    /**
     * Copies every table of the run into {@code pgtide_backup} server-side (CREATE TABLE AS: no row
     * passes through the runner), all in one REPEATABLE READ transaction: one consistent backup, or none.
     */
    static Backup take(Database target, SyncPlanner.Plan plan, SyncOptions options) throws SQLException {
        Instant start = Instant.now();
        String id = BackupCatalog.newId(start);
        try (Connection c = target.connection()) {
            c.setAutoCommit(false);
            // One snapshot for every table: at READ COMMITTED each CREATE TABLE AS would see the
            // writes committed meanwhile (a child without its parent), and the restore would fail.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                BackupCatalog.ensure(c);
                List<Backup.Table> tables = new ArrayList<>();
                int position = 0;
                for (TableName name : plan.order().flatOrder()) {
                    position++;
                    tables.add(copy(c, plan, name, position, BackupCatalog.backupTableName(id, position)));
                }
                Backup backup = new Backup(id, options.jobId(), options.backup().group(), start, Backup.State.Open,
                        Duration.between(start, Instant.now()), tables.stream().mapToLong(Backup.Table::rows).sum(),
                        tables.stream().mapToLong(Backup.Table::bytes).sum(), tables);
                BackupCatalog.insert(c, backup);
                BackupCatalog.abandonOpen(c, options.jobId(), id);
                c.commit();
                return backup;
            } catch (SQLException | RuntimeException e) {
                BackupRestore.rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    /** Copies one table of the run into {@code pgtide_backup} in the caller's transaction. */
    private static Backup.Table copy(Connection c, SyncPlanner.Plan plan, TableName name, int position, String backupTable)
            throws SQLException {
        TableSchema schema = plan.targetSchemas().get(name);
        TablePlan tablePlan = plan.tables().stream().filter(p -> p.table().equals(name)).findFirst().orElseThrow();
        List<String> columns = schema.columns().stream().filter(col -> !col.generated()).map(Column::name).toList();
        long rows;
        try (Statement st = c.createStatement()) {
            rows = st.executeUpdate("CREATE TABLE " + BackupCatalog.backupTableSql(backupTable) + " AS SELECT "
                    + Sql.idents(columns) + " FROM " + name.sql());
        }
        return new Backup.Table(position, name, backupTable, restoreKey(tablePlan, schema, columns), columns, rows,
                totalSize(c, backupTable));
    }

    /**
     * A resumed run's tables that the interrupted attempt's backup lacks (the attempt did not sync
     * them, they have no checkpoint of the job, so they hold their contents before the job) are
     * added to that backup, which stays the one backup of the job. The tables are ordered anew:
     * each added table goes before the first table of the run that follows it in the run's
     * foreign-key order, so that the restore still sees parents first.
     */
    static Backup extend(Database target, Backup earlier, SyncPlanner.Plan plan, List<TableName> missing) throws SQLException {
        List<TableName> order = plan.order().flatOrder();
        try (Connection c = target.connection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                // Backup table names are <id>_1 .. <id>_n for n tables, whatever their positions.
                List<Backup.Table> tables = new ArrayList<>(earlier.tables());
                int n = tables.size();
                for (TableName name : missing) {
                    Backup.Table added = copy(c, plan, name, 0, BackupCatalog.backupTableName(earlier.id(), ++n));
                    int at = tables.size();
                    for (int i = 0; i < tables.size(); i++) {
                        int other = order.indexOf(tables.get(i).target());
                        if (other > order.indexOf(name)) {
                            at = i;
                            break;
                        }
                    }
                    tables.add(at, added);
                }
                List<Backup.Table> renumbered = new ArrayList<>();
                for (Backup.Table t : tables) {
                    renumbered.add(new Backup.Table(renumbered.size() + 1, t.target(), t.backupTable(), t.key(), t.columns(),
                            t.rows(), t.bytes()));
                }
                Backup backup = new Backup(earlier.id(), earlier.jobId(), earlier.group(), earlier.createdAt(), earlier.state(),
                        earlier.duration(), renumbered.stream().mapToLong(Backup.Table::rows).sum(),
                        renumbered.stream().mapToLong(Backup.Table::bytes).sum(), renumbered);
                BackupCatalog.replaceTables(c, backup);
                c.commit();
                return backup;
            } catch (SQLException | RuntimeException e) {
                BackupRestore.rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    /**
     * The columns the restore matches rows by: the run's key only when it identifies one target row
     * (a unique index on exactly those columns, all NOT NULL, all backed up). The plan's key may come
     * from --key or the source's unique key; matching by it where the target holds duplicates would
     * turn them into copies of one row, so such a table is restored by delete all and insert all.
     */
    private static List<String> restoreKey(TablePlan plan, TableSchema schema, List<String> columns) {
        boolean identifies = plan.targetKeyIndexed() && !plan.key().isEmpty() && columns.containsAll(plan.key())
                && plan.key().stream().allMatch(k -> schema.columns().stream().anyMatch(col -> col.name().equals(k) && col.notNull()));
        return identifies ? plan.key() : List.of();
    }

    private static long totalSize(Connection c, String backupTable) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_total_relation_size(?::regclass)")) {
            ps.setString(1, BackupCatalog.backupTableSql(backupTable));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Retention: a failure here costs disk space, not data, so it is only a warning. */
    private static void prune(Database target, BackupOptions backup, ProgressListener listener) {
        try (Connection c = target.connection()) {
            c.setAutoCommit(false);
            try {
                List<String> dropped = BackupCatalog.prune(c, backup.group(), backup.retain());
                c.commit();
                if (!dropped.isEmpty()) {
                    listener.message("Dropped " + dropped.size() + " older backup(s) of " + backup.group() + " (keeping the "
                            + backup.retain() + " newest): " + String.join(", ", dropped));
                }
            } catch (SQLException | RuntimeException e) {
                BackupRestore.rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            listener.message("Warning: older backups could not be dropped (" + describe(e) + "); they stay in schema "
                    + BackupCatalog.SCHEMA);
        }
    }

    /**
     * --restart: the job's interrupted attempts will never resume, so their Open backups become
     * Abandoned whatever this run's policy; a later resume of this run must not take one for its own.
     */
    public static void abandonOpen(Connection c, String jobId) throws SQLException {
        if (BackupCatalog.exists(c)) {
            BackupCatalog.abandonOpen(c, jobId, null);
        }
    }

    /** The run synced every table: its backup is no longer needed for a resume (retention may drop it later). */
    public static void finish(Database target, Backup backup, ProgressListener listener) {
        if (backup == null) {
            return;
        }
        try (Connection c = target.connection()) {
            BackupCatalog.setState(c, backup.id(), Backup.State.Finished);
        } catch (SQLException e) {
            // The sync itself is done; the state only guides retention and listings.
            listener.message("Warning: backup " + backup.id() + " could not be marked finished: " + describe(e) + ".");
        }
    }

    /**
     * The run was aborted: restores the run's tables from the backup in one transaction and forgets
     * their checkpoints; a backup restored whole is marked RolledBack. Without a backup, or when the restore fails, the
     * committed chunks and checkpoints stay (the run is resumable) and the message says what to do.
     */
    public static Rollback rollBack(Database target, Backup backup, BackupOptions options, List<TableName> runTables) {
        if (backup == null) {
            String why = options.policy() == BackupOptions.Policy.DISABLED ? "backup policy disabled" : "the run has no backup";
            return new Rollback(null, null, "the target was not restored: no backup was available (" + why + "); the chunks"
                    + " committed so far stay on the target, and a rerun resumes after them");
        }
        try (Connection c = target.connection()) {
            // A resumed run's backup may hold tables of the interrupted attempt that this run does not
            // sync (nor lock): they stay as they are, with their checkpoints.
            List<Backup.Table> tables = backup.tables().stream().filter(t -> runTables.contains(t.target())).toList();
            List<BackupRestore.TableOutcome> outcomes = BackupRestore.restoreAndRecord(c, backup, tables, Backup.State.RolledBack);
            return new Rollback(backup.id(), outcomes, "target restored from backup " + backup.id());
        } catch (SQLException | RuntimeException e) {
            return new Rollback(backup.id(), null, "restoring the target from backup " + backup.id() + " failed (" + describe(e)
                    + "); the backup and the checkpoints are kept. Restore by hand with 'java -jar sync-runner.jar restore"
                    + " --target " + target.url() + " --backup " + backup.id() + "'");
        }
    }

    static String describe(Backup b) {
        return b.tables().size() + " table(s), " + String.format(Locale.ROOT, "%,d", b.rows()) + " rows, "
                + bytes(b.bytes()) + " in " + String.format(Locale.ROOT, "%.1fs", b.duration().toMillis() / 1000.0);
    }

    /** A size for people: kB, MB or GB. */
    public static String bytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }

    static String describe(Throwable e) {
        String state = TransientErrors.sqlState(e);
        return Database.safeMessage(e).replace("\n", " ").replaceAll("\\s+", " ").replaceAll("\\.$", "")
                + (state == null ? "" : " [SQLSTATE " + state + "]");
    }

    private static String fix(SQLException e, PgUrl target) {
        if ("42501".equals(TransientErrors.sqlState(e))) {
            return " To allow backups, let the target role create the " + BackupCatalog.SCHEMA + " schema: GRANT CREATE ON"
                    + " DATABASE \"" + target.database().replace("\"", "\"\"") + "\" TO \"" + target.user().replace("\"", "\"\"")
                    + "\" (or create the schema for it).";
        }
        return "";
    }
}
