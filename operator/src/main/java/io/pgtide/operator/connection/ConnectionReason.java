package io.pgtide.operator.connection;

import io.pgtide.api.ConnectionPhase;

/**
 * Why a DatabaseConnection is in its phase: the Ready condition's reason. Each failure a user can
 * cause has its own reason, so that {@code kubectl get -o jsonpath} and alerts can tell them apart.
 */
public enum ConnectionReason {
    Connected(ConnectionPhase.Ready, false),
    /** Over the operator's per-namespace connection limit (the oldest connections keep working). */
    LimitExceeded(ConnectionPhase.Invalid, true),
    SecretNotFound(ConnectionPhase.Invalid, true),
    SecretKeyNotFound(ConnectionPhase.Invalid, true),
    MalformedUrl(ConnectionPhase.Invalid, true),
    InvalidSpec(ConnectionPhase.Invalid, true),
    AuthenticationFailed(ConnectionPhase.Unreachable, true),
    UnknownHost(ConnectionPhase.Unreachable, true),
    DatabaseNotFound(ConnectionPhase.Unreachable, true),
    /** Network trouble or a server that is down: may heal by itself, so not Stalled. */
    ConnectionFailed(ConnectionPhase.Unreachable, false);

    private final ConnectionPhase phase;
    private final boolean needsHuman;

    ConnectionReason(ConnectionPhase phase, boolean needsHuman) {
        this.phase = phase;
        this.needsHuman = needsHuman;
    }

    /** kstatus Stalled: retrying alone will not fix it. */
    public boolean needsHuman() {
        return needsHuman;
    }

    public ConnectionPhase phase() {
        return phase;
    }
}
