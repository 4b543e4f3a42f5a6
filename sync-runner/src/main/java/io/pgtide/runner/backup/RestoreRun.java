package io.pgtide.runner.backup;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.schema.TableName;
import io.pgtide.runner.schema.TableRef;
import io.pgtide.runner.sync.ProductionGuard;
import io.pgtide.runner.sync.TargetLock;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A restore on demand (the restore command, or a runner pod with PGTIDE_RESTORE_BACKUP_ID): the
 * backup's tables, or some of them, go back to their backed-up contents in one transaction, under
 * the same advisory locks a sync takes, so no run writes them meanwhile.
 */
public final class RestoreRun {
    public record Result(Backup backup, List<BackupRestore.TableOutcome> tables) {
    }

    private RestoreRun() {
    }

    /**
     * @param tables     table names as a user gives them (empty: every table of the backup)
     * @param production what permits writing to a target that says it is production: a restore writes
     * @throws UserError exit 2 for an unknown backup or table, or a production target without its
     *                   confirmation; exit 1 when the tables are locked by a run or the restore fails
     *                   (then nothing changed)
     */
    public static Result restore(PgUrl targetUrl, Duration connectTimeout, String backupId, List<String> tables,
                                 ProductionGuard production) {
        try (Database target = Database.open("target", targetUrl, connectTimeout, 1);
             Connection lockConnection = target.connectDirectly()) {
            Backup backup;
            try (Connection c = target.connection()) {
                production.check(c, targetUrl.displayName(), "restore into it");
                backup = BackupCatalog.find(c, backupId).orElseThrow(() -> unknown(backupId, targetUrl));
            }
            List<Backup.Table> selected = select(backup, tables);
            try (TargetLock ignored = TargetLock.acquire(lockConnection, selected.stream().map(Backup.Table::target).toList());
                 Connection c = target.connection()) {
                return new Result(backup, BackupRestore.restoreAndRecord(c, backup, selected, Backup.State.Restored));
            } catch (TargetLock.TableLockedException e) {
                throw new UserError(ExitCode.FAILED, "Cannot restore backup " + backupId + ": " + e.getMessage()
                        + ". Nothing was changed.");
            }
        } catch (SQLException e) {
            throw new UserError(ExitCode.FAILED, "Restoring backup " + backupId + " failed, nothing was changed (the"
                    + " restore is one transaction): " + RunBackup.describe(e) + ". The backup is kept; fix the cause and"
                    + " run the restore again.", e);
        }
    }

    private static List<Backup.Table> select(Backup backup, List<String> names) {
        if (names.isEmpty()) {
            return backup.tables();
        }
        List<Backup.Table> selected = new ArrayList<>();
        for (String name : names) {
            List<TableName> candidates = TableRef.parse(name).candidates();
            Backup.Table table = backup.tables().stream().filter(t -> candidates.contains(t.target())).findFirst()
                    .orElseThrow(() -> new UserError(ExitCode.BAD_INPUT, "Backup " + backup.id() + " holds no table " + name
                            + "; its tables are " + backup.tables().stream().map(t -> t.target().display()).toList() + "."));
            if (!selected.contains(table)) {
                selected.add(table);
            }
        }
        return selected;
    }

    static UserError unknown(String backupId, PgUrl target) {
        return new UserError(ExitCode.BAD_INPUT, "There is no backup " + backupId + " on " + target.displayName()
                + ". List the backups with 'java -jar sync-runner.jar backups --target " + target + "'.");
    }
}
