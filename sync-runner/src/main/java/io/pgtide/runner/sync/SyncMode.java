package io.pgtide.runner.sync;

/** How a table's target contents are brought in line with the source. */
public enum SyncMode {
    /** Insert new rows, update changed ones, keep (or with deleteMissing, delete) target-only rows. */
    MERGE,
    /** Replace the whole contents in one transaction; a failure leaves the old rows. */
    TRUNCATE,
    /** Insert rows whose key is not on the target yet; never update or delete. */
    APPEND
}
