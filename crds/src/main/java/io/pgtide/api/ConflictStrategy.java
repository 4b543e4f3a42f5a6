package io.pgtide.api;

/** What Merge does with a row whose key exists on both sides with different contents. */
public enum ConflictStrategy {
    SourceWins, TargetWins, Fail
}
