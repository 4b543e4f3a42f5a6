package io.pgtide.runner.sync;

import io.pgtide.runner.testing.RunnerProcess;
import io.pgtide.runner.testing.ScratchDatabase;

/** Watches a running job's checkpoint table on the target (fault tests). */
final class Checkpoints {
    private Checkpoints() {
    }

    /** rows_read of the items table's checkpoint; 0 while there is none (or no checkpoint table yet). */
    static long itemsRowsRead(ScratchDatabase target) {
        try {
            return target.queryLong("SELECT coalesce(max(rows_read), 0) FROM pgtide.sync_checkpoint"
                    + " WHERE table_name = '\"public\".\"items\"' AND phase = 'COPYING'");
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    /**
     * Polls until the items checkpoint is at or past {@code from} rows, then SIGKILLs the runner;
     * returns the checkpoint seen just before the kill. Fails when the runner ends or passes
     * {@code to} first.
     */
    static long killWhenItemsBetween(RunnerProcess runner, ScratchDatabase target, long from, long to) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            long rows = itemsRowsRead(target);
            if (rows >= from) {
                runner.kill();
                if (rows > to) {
                    throw new AssertionError("the runner was past " + to + " rows (" + rows + ") before it could be killed");
                }
                return rows;
            }
            if (!runner.isAlive()) {
                throw new AssertionError("the runner ended before it could be killed:\n" + runner.all());
            }
            sleep(5);
        }
        runner.kill();
        throw new AssertionError("no checkpoint past " + from + " rows within 60 s:\n" + runner.all());
    }

    /** Polls until the items checkpoint is at or past {@code from} rows (the runner keeps running). */
    static long awaitItemsAtLeast(RunnerProcess runner, ScratchDatabase target, long from) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            long rows = itemsRowsRead(target);
            if (rows >= from) {
                return rows;
            }
            if (!runner.isAlive()) {
                throw new AssertionError("the runner ended early:\n" + runner.all());
            }
            sleep(5);
        }
        throw new AssertionError("no checkpoint past " + from + " rows within 60 s:\n" + runner.all());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
