package io.pgtide.runner.progress;

import io.pgtide.runner.backup.Backup;
import io.pgtide.runner.sync.Finding;
import io.pgtide.runner.sync.RunResult;
import io.pgtide.runner.sync.TableResult;

import java.util.List;

/**
 * Receives what the engine does. Called from worker threads; implementations must be thread-safe
 * and cheap ({@link #rowsCopied} runs once per chunk, never per row).
 */
public interface ProgressListener {
    default void findings(List<Finding> findings) {
    }

    default void message(String text) {
    }

    /** The run's backup, taken before the first write ({@code reused}: taken by the interrupted attempt it resumes). */
    default void backupTaken(Backup backup, boolean reused) {
    }

    /** The run has no backup, and why (policy disabled, or best-effort and it failed). */
    default void backupMissing(String why) {
    }

    default void tableStarted(String table, long estimatedRows, long alreadyDone) {
    }

    default void rowsCopied(String table, long rowsDone) {
    }

    default void tableFinished(TableResult result) {
    }

    default void runFinished(RunResult result) {
    }

    /**
     * The run's write rate limit changed (maxRowsPerSecond at the start, then the adaptive rate).
     *
     * @param rowsPerSecond the new limit over all tables; 0: no limit
     * @param why           in words, e.g. the target's write latency that caused it
     */
    default void rateLimitChanged(long rowsPerSecond, String why) {
    }

    /** Tells every listener, in order (e.g. log lines and the SyncJob status in a pod). */
    static ProgressListener all(ProgressListener... listeners) {
        List<ProgressListener> all = List.of(listeners);
        return new ProgressListener() {
            @Override
            public void findings(List<Finding> findings) {
                all.forEach(l -> l.findings(findings));
            }

            @Override
            public void message(String text) {
                all.forEach(l -> l.message(text));
            }

            @Override
            public void backupTaken(Backup backup, boolean reused) {
                all.forEach(l -> l.backupTaken(backup, reused));
            }

            @Override
            public void backupMissing(String why) {
                all.forEach(l -> l.backupMissing(why));
            }

            @Override
            public void tableStarted(String table, long estimatedRows, long alreadyDone) {
                all.forEach(l -> l.tableStarted(table, estimatedRows, alreadyDone));
            }

            @Override
            public void rowsCopied(String table, long rowsDone) {
                all.forEach(l -> l.rowsCopied(table, rowsDone));
            }

            @Override
            public void tableFinished(TableResult result) {
                all.forEach(l -> l.tableFinished(result));
            }

            @Override
            public void runFinished(RunResult result) {
                all.forEach(l -> l.runFinished(result));
            }

            @Override
            public void rateLimitChanged(long rowsPerSecond, String why) {
                all.forEach(l -> l.rateLimitChanged(rowsPerSecond, why));
            }
        };
    }
}
