package io.pgtide.runner.progress;

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

    default void tableStarted(String table, long estimatedRows, long alreadyDone) {
    }

    default void rowsCopied(String table, long rowsDone) {
    }

    default void tableFinished(TableResult result) {
    }

    default void runFinished(RunResult result) {
    }

    ProgressListener NONE = new ProgressListener() {
    };
}
