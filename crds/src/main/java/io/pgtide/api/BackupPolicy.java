package io.pgtide.api;

/** Whether the target rows a run may change are backed up before it writes. */
public enum BackupPolicy {
    /** Back up when possible; if the backup fails the run goes on and warns. */
    BestEffort,
    /** A failed backup stops the run before any write. */
    Required,
    /** No backup: a failed run cannot be rolled back. */
    Disabled
}
