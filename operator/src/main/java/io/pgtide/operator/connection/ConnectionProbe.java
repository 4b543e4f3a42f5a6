package io.pgtide.operator.connection;

import io.pgtide.runner.db.ConnectFailure;
import io.pgtide.runner.db.Database;
import io.pgtide.runner.db.PgUrl;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Connects to a database with the engine's {@link Database} (connect timeout, three attempts with
 * exponential backoff on transient failures) and reads {@link ServerFacts}.
 */
class ConnectionProbe {

    /**
     * @param name the DatabaseConnection's name: it names the database in messages and in
     *             pg_stat_activity's application_name (pgtide-NAME)
     */
    ConnectionCheck check(String name, PgUrl url, Duration timeout) {
        try (Database db = Database.open(name, url, timeout, 1)) {
            long start = System.nanoTime();
            ServerFacts facts;
            try (Connection c = db.connectDirectly()) {
                facts = ServerFacts.read(c);
            }
            long latencyMillis = Math.max(0, (System.nanoTime() - start) / 1_000_000);
            return ConnectionCheck.connected(facts, latencyMillis, url.toString());
        } catch (ConnectFailure e) {
            return classify(e, url);
        } catch (SQLException e) {
            return ConnectionCheck.failed(ConnectionReason.ConnectionFailed,
                    "Connected to " + url + " but could not read its version and privileges: " + Database.safeMessage(e));
        }
    }

    /** Rewords the engine's connection failure (worded for its command line) for a DatabaseConnection. */
    static ConnectionCheck classify(ConnectFailure e, PgUrl url) {
        return switch (e.kind()) {
            case UNKNOWN_HOST -> ConnectionCheck.failed(ConnectionReason.UnknownHost, "The host '" + url.host()
                    + "' is unknown (DNS lookup failed). Check spec.host or the host in the URL Secret.");
            case AUTHENTICATION_FAILED -> ConnectionCheck.failed(ConnectionReason.AuthenticationFailed, "The server at "
                    + url.displayName() + " rejected user '" + url.user() + "': wrong user name or password."
                    + " Check the credentials in the Secret.");
            case DATABASE_NOT_FOUND -> ConnectionCheck.failed(ConnectionReason.DatabaseNotFound, "The database '"
                    + url.database() + "' does not exist on " + url.host() + ":" + url.port() + ". Create it or fix spec.database.");
            case UNREACHABLE, OTHER -> ConnectionCheck.failed(ConnectionReason.ConnectionFailed, e.getMessage());
        };
    }
}
