package io.pgtide.api;

/**
 * The short state of a SyncJob shown by {@code kubectl get sj}. The operator's state machine has one
 * handler per phase; {@code status.reason} says why a job is Blocked, Queued or Failed.
 */
public enum SyncJobPhase {
    /** Accepted, not validated yet. */
    Pending,
    /** Cannot start until a human or another object acts (reason: ConfirmationRequired, ConnectionNotReady, ...). */
    Blocked,
    /** Valid, waiting for a free slot under the namespace's running-jobs limit. */
    Queued,
    /** A runner Job is working on it. */
    Running,
    /** Stopped at a checkpoint by spec.suspend; resumes from there. */
    Suspended,
    /** The last run synced every table. */
    Succeeded,
    /** The last run synced some tables; others failed (onTableError Continue). */
    PartiallySucceeded,
    /** The last run failed; the target is untouched or restored. */
    Failed,
    /** The last run failed and the touched tables were restored from the backup. */
    RolledBack;

    /** True while a run is under way: its spec must not change underneath it (see {@link SyncJob}). */
    public boolean isRunActive() {
        return this == Running || this == Suspended;
    }
}
