package io.pgtide.api;

/** Run events a SyncJob can send notifications for. */
public enum NotificationEvent {
    Started, Succeeded, PartiallySucceeded, Failed, RolledBack, Blocked
}
