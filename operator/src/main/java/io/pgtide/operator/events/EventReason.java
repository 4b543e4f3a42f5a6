package io.pgtide.operator.events;

/**
 * Every reason the operator gives a Kubernetes Event, with its type. Events mark transitions
 * (a connection became ready, a run started or ended), never a periodic check that found the same.
 */
public enum EventReason {
    ConnectionReady(false),
    ConnectionUnreachable(true),
    ConnectionInvalid(true),
    ConnectionLimitExceeded(true),

    SyncBlocked(true),
    SyncQueued(false),
    RunStarted(false),
    RunResumed(false),
    RunSuspended(false),
    RunSucceeded(false),
    RunPartiallySucceeded(true),
    RunFailed(true),
    RunRolledBack(true),

    RestoreStarted(false),
    RestoreSucceeded(false),
    RestoreFailed(true);

    private final boolean warning;

    EventReason(boolean warning) {
        this.warning = warning;
    }

    /** The Event's type: Warning or Normal. */
    public String type() {
        return warning ? "Warning" : "Normal";
    }
}
