package io.pgtide.operator.connection;

import io.pgtide.api.ConnectionPhase;

/**
 * The outcome of one check of a DatabaseConnection.
 *
 * @param facts         what the server said about itself; null unless the check connected
 * @param latencyMillis connect, login and one query; null unless the check connected
 */
record ConnectionCheck(ConnectionReason reason, String message, ServerFacts facts, Long latencyMillis) {

    static ConnectionCheck connected(ServerFacts facts, long latencyMillis, String where) {
        return new ConnectionCheck(ConnectionReason.Connected, "Connected to " + where + " (PostgreSQL "
                + facts.serverVersion() + ") in " + latencyMillis + " ms", facts, latencyMillis);
    }

    static ConnectionCheck failed(ConnectionReason reason, String message) {
        return new ConnectionCheck(reason, message, null, null);
    }

    ConnectionPhase phase() {
        return reason.phase();
    }

    boolean ready() {
        return reason == ConnectionReason.Connected;
    }
}
