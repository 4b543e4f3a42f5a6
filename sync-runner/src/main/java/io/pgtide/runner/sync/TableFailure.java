package io.pgtide.runner.sync;

/** A table cannot be synced for a reason that a retry will not cure; the message says why. */
final class TableFailure extends RuntimeException {
    TableFailure(String message) {
        super(message);
    }
}
