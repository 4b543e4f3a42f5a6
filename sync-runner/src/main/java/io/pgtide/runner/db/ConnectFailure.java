package io.pgtide.runner.db;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;

/**
 * A database could not be reached or refused the login. {@link #kind()} says why in a form that
 * callers can act on (the operator turns it into a condition reason); the message is for people.
 */
public final class ConnectFailure extends UserError {

    public enum Kind {
        UNKNOWN_HOST, AUTHENTICATION_FAILED, DATABASE_NOT_FOUND, UNREACHABLE, OTHER
    }

    private final Kind kind;

    ConnectFailure(Kind kind, String message) {
        super(ExitCode.BAD_INPUT, message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
