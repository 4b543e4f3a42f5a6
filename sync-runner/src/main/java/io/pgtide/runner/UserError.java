package io.pgtide.runner;

/**
 * A problem the user can fix (bad input, unreachable server, validation errors). Its message is
 * shown as it is, without a stack trace, and {@link #exitCode()} becomes the process exit code.
 */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserError(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
