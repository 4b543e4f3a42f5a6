package io.pgtide.operator.connection;

/**
 * Why a connection cannot be used, in words fit for status and events: never holds a password or
 * a Secret's value.
 */
final class ConnectionProblem extends Exception {
    private final ConnectionReason reason;

    ConnectionProblem(ConnectionReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    ConnectionReason reason() {
        return reason;
    }

    ConnectionCheck toCheck() {
        return ConnectionCheck.failed(reason, getMessage());
    }
}
