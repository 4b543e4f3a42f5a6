package io.pgtide.api;

/** Where a restore requested with the pgtide.io/restore annotation is. */
public enum RestorePhase {
    /** Waiting: a sync run is active, or the target connection is not Ready. */
    Pending,
    Running,
    Succeeded,
    Failed
}
