package io.pgtide.runner.sync;

import io.pgtide.runner.backup.BackupOptions;

import java.time.Duration;
import java.util.List;

/**
 * Everything a run needs besides the two connections.
 *
 * @param jobId          checkpoint identity; a rerun with the same id resumes
 * @param checkpointRows rows per chunk; each chunk commits together with its checkpoint
 * @param timeout        after this the run stops cleanly at a checkpoint (null: none)
 * @param restart        ignore existing checkpoints and start over
 * @param backup         whether and how the target is backed up before the first write
 * @param production     what permits writing to a target that says it is production
 * @param rateLimit      how fast the run may write ({@link RateLimitOptions#NONE}: as fast as the target accepts)
 */
public record SyncOptions(List<TableSpec> tables, SyncMode mode, ConflictStrategy conflict, boolean deleteMissing,
                          int checkpointRows, int parallelism, OnTableError onTableError, Duration timeout,
                          String jobId, boolean restart, BackupOptions backup, ProductionGuard production,
                          RateLimitOptions rateLimit) {
    public static final int DEFAULT_CHECKPOINT_ROWS = 50_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

    public SyncOptions {
        tables = List.copyOf(tables);
        rateLimit = rateLimit == null ? RateLimitOptions.NONE : rateLimit;
    }

    public SyncOptions withProduction(ProductionGuard guard) {
        return new SyncOptions(tables, mode, conflict, deleteMissing, checkpointRows, parallelism, onTableError, timeout,
                jobId, restart, backup, guard, rateLimit);
    }

    public SyncMode modeOf(TableSpec spec) {
        return spec.mode() != null ? spec.mode() : mode;
    }

    public ConflictStrategy conflictOf(TableSpec spec) {
        return spec.conflict() != null ? spec.conflict() : conflict;
    }
}
