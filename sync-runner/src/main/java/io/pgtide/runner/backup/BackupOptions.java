package io.pgtide.runner.backup;

/**
 * What a run does about backing up the target before it writes.
 *
 * @param retain how many backups of the {@code group} are kept; older ones are dropped after a new one
 * @param group  the retention group: backups of one SyncJob (all its runs), or of one CLI job id
 */
public record BackupOptions(Policy policy, int retain, String group) {
    public static final int DEFAULT_RETAIN = 3;

    public enum Policy {
        /** Back up; when that fails, warn and sync without a backup. */
        BEST_EFFORT,
        /** Back up; when that fails, stop before any write. */
        REQUIRED,
        /** No backup: an aborted run cannot be rolled back. */
        DISABLED
    }

    public BackupOptions {
        if (retain < 1) {
            throw new IllegalArgumentException("retain must be at least 1");
        }
    }
}
