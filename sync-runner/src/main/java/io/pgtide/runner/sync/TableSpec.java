package io.pgtide.runner.sync;

import io.pgtide.runner.schema.TableRef;

import java.util.List;

/**
 * One table of a job as the user asked for it.
 *
 * @param where    an optional SQL boolean expression filtering source rows
 * @param key      columns identifying a row when the table has no primary key (empty: automatic)
 * @param columns  columns to sync (empty: all common columns)
 * @param mode     per-table override, or null for the job's mode
 * @param conflict per-table override, or null for the job's strategy
 */
public record TableSpec(TableRef ref, String where, List<String> key, List<String> columns,
                        List<String> excludeColumns, SyncMode mode, ConflictStrategy conflict) {
    public TableSpec {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
        excludeColumns = List.copyOf(excludeColumns);
    }

    public static TableSpec of(TableRef ref) {
        return new TableSpec(ref, null, List.of(), List.of(), List.of(), null, null);
    }
}
