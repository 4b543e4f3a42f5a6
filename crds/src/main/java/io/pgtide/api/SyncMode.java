package io.pgtide.api;

/** How a table's target contents are brought in line with the source. */
public enum SyncMode {
    /** Insert new rows, update changed ones; with deleteMissing also delete rows the source lacks. */
    Merge,
    /** Replace the whole contents in one transaction; a failure leaves the old rows. */
    Truncate,
    /** Insert rows whose key is not on the target yet; never update or delete. */
    Append
}
