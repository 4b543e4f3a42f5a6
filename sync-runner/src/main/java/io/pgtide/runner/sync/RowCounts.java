package io.pgtide.runner.sync;

/** Mutable per-table counters, owned by the one thread syncing that table. */
final class RowCounts {
    long read;
    long inserted;
    long updated;
    long deleted;
    long unchanged;
    long skipped;

    TableResult toResult(String table, TableResult.Status status, java.time.Duration duration, String error) {
        return new TableResult(table, status, read, inserted, updated, deleted, unchanged, skipped, duration, error);
    }
}
