package io.pgtide.api;

/** Whether a failed table stops the run (and restores touched tables) or the run goes on. */
public enum OnTableError {
    Continue, Abort
}
