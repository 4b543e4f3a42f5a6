package io.pgtide.runner;

/** Process exit codes of sync-runner.jar; a contract that scripts and the operator rely on. */
public final class ExitCode {
    /** Every table synced. */
    public static final int OK = 0;
    /** The run failed; the target is untouched or as far as the last committed chunk. */
    public static final int FAILED = 1;
    /** Bad input or usage: nothing was written. */
    public static final int BAD_INPUT = 2;
    /** Some tables synced, others failed (with --on-table-error continue). */
    public static final int PARTIAL = 3;
    /** Interrupted by SIGTERM or --timeout after a clean checkpoint: rerun to resume. */
    public static final int INTERRUPTED = 4;
    /** Validation found errors: nothing was written. */
    public static final int VALIDATION_FAILED = 5;

    private ExitCode() {
    }
}
