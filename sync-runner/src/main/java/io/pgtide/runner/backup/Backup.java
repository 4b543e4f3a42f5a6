package io.pgtide.runner.backup;

import io.pgtide.runner.schema.TableName;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One backup as the catalog in {@code pgtide_backup} records it.
 *
 * @param jobId  the checkpoint identity of the run that took it
 * @param group  the retention group
 * @param tables in foreign-key order, parents first
 */
public record Backup(String id, String jobId, String group, Instant createdAt, State state, Duration duration,
                     long rows, long bytes, List<Table> tables) {

    public enum State {
        /** Taken; its run has not finished (a resume of the same job reuses it). */
        Open,
        /** Its run synced every table. */
        Finished,
        /** Its run was aborted and the tables were restored from it. */
        RolledBack,
        /** Restored on demand (restore command or a restore Job). */
        Restored,
        /** Its run will never resume: the job was restarted with a new backup. */
        Abandoned
    }

    /**
     * One backed-up table.
     *
     * @param backupTable the table's name inside {@code pgtide_backup} ({@code <id>_<position>})
     * @param key         the columns that identify a row (empty: restored by delete all and insert all)
     * @param columns     the columns backed up: every column but generated ones
     */
    public record Table(int position, TableName target, String backupTable, List<String> key, List<String> columns,
                        long rows, long bytes) {
        public Table {
            key = List.copyOf(key);
            columns = List.copyOf(columns);
        }
    }

    public Backup {
        tables = List.copyOf(tables);
    }
}
