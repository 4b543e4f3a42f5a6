package io.pgtide.runner.sync;

/**
 * Asks a run to stop at the next safe point (the current chunk commits with its checkpoint).
 * Set by SIGTERM, the timeout, or an aborting table error; the first reason wins.
 */
public final class CancelToken {
    private volatile String reason;

    public synchronized void cancel(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }
}
