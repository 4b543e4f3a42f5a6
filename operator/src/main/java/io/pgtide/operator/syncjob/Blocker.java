package io.pgtide.operator.syncjob;

/** Why a SyncJob cannot start now: becomes status.reason and status.message of the Blocked phase. */
record Blocker(String reason, String message) {
    static final String INVALID_SPEC = "InvalidSpec";
    static final String CONNECTION_NOT_FOUND = "ConnectionNotFound";
    static final String CONNECTION_NOT_READY = "ConnectionNotReady";
    static final String TARGET_READ_ONLY = "TargetReadOnly";
    static final String CONFIRMATION_REQUIRED = "ConfirmationRequired";
}
