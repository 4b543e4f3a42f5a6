package io.pgtide.operator.connection;

import io.pgtide.api.DatabaseConnection;

import java.util.Comparator;
import java.util.List;

/**
 * The per-namespace DatabaseConnection limit. The oldest connections keep working, so creating one
 * too many never breaks connections that running SyncJobs already use.
 */
final class ConnectionLimit {
    /** RFC 3339 timestamps as the API server writes them (UTC, whole seconds) sort as text. */
    private static final Comparator<DatabaseConnection> OLDEST_FIRST = Comparator
            .comparing((DatabaseConnection c) -> c.getMetadata().getCreationTimestamp(),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(c -> c.getMetadata().getName());

    private ConnectionLimit() {
    }

    /** Whether {@code connection} is among the oldest {@code max} of its namespace's connections. */
    static boolean isWithin(DatabaseConnection connection, List<DatabaseConnection> namespaceConnections, int max) {
        List<String> allowed = namespaceConnections.stream()
                .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
                .sorted(OLDEST_FIRST)
                .limit(max)
                .map(c -> c.getMetadata().getName())
                .toList();
        return allowed.contains(connection.getMetadata().getName());
    }
}
