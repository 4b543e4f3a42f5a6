package io.pgtide.runner.sync;

/** Whether a failed table stops the run or the run goes on with the other tables. */
public enum OnTableError {
    CONTINUE, ABORT
}
