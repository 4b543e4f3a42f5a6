package io.pgtide.runner.sync;

/** What Merge does with a row whose key exists on both sides with different contents. */
public enum ConflictStrategy {
    SOURCE_WINS, TARGET_WINS, FAIL
}
