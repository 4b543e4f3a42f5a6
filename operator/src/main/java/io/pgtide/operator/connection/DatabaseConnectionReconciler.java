package io.pgtide.operator.connection;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.pgtide.api.Condition;
import io.pgtide.api.ConnectionPhase;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.DatabaseConnectionStatus;
import io.pgtide.api.HealthCheck;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.events.EventReason;
import io.pgtide.operator.events.EventRecorder;
import io.pgtide.operator.status.Conditions;
import io.pgtide.operator.status.StatusPatcher;
import io.pgtide.operator.status.Timestamps;
import io.pgtide.runner.db.PgUrl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a DatabaseConnection's status true: observe (limit, Secret, a real connection), then write
 * the phase, conditions and server facts, and check again after {@code healthCheck.intervalSeconds}.
 */
@ControllerConfiguration(name = DatabaseConnectionReconciler.NAME)
public class DatabaseConnectionReconciler implements Reconciler<DatabaseConnection> {
    public static final String NAME = "databaseconnection";

    private final OperatorConfig config;
    private final ConnectionCredentials credentials;
    private final ConnectionProbe probe;
    private final EventRecorder events;
    private final Clock clock;

    public DatabaseConnectionReconciler(OperatorConfig config, KubernetesClient client, EventRecorder events, Clock clock) {
        this.config = config;
        this.credentials = new ConnectionCredentials(client);
        this.probe = new ConnectionProbe();
        this.events = events;
        this.clock = clock;
    }

    @Override
    public UpdateControl<DatabaseConnection> reconcile(DatabaseConnection connection, Context<DatabaseConnection> context) {
        DatabaseConnectionStatus before = Optional.ofNullable(connection.getStatus()).orElseGet(DatabaseConnectionStatus::new);
        String reasonBefore = Conditions.find(before.getConditions(), Condition.READY).map(Condition::getReason).orElse(null);
        long generation = connection.getMetadata().getGeneration();
        DatabaseConnection current = connection;
        if (!Objects.equals(before.getObservedGeneration(), generation)) {
            current = StatusPatcher.mergePatch(connection, context, checking(before, generation), List.of());
        }

        ConnectionCheck check = check(current, context);

        StatusPatcher.mergePatch(current, context, result(before, check, generation), List.of());
        if (!check.reason().name().equals(reasonBefore)) {
            events.emit(current, eventReason(check), check.message());
        }
        return UpdateControl.<DatabaseConnection>noUpdate().rescheduleAfter(interval(connection));
    }

    private ConnectionCheck check(DatabaseConnection connection, Context<DatabaseConnection> context) {
        String namespace = connection.getMetadata().getNamespace();
        List<DatabaseConnection> all = context.getPrimaryCache().list(namespace).toList();
        if (!ConnectionLimit.isWithin(connection, all, config.maxConnectionsPerNamespace())) {
            return ConnectionCheck.failed(ConnectionReason.LimitExceeded, "Namespace '" + namespace + "' has more than "
                    + config.maxConnectionsPerNamespace() + " DatabaseConnections (the operator's limit); this one is"
                    + " among the newest and is not checked or used. Delete connections you no longer need.");
        }
        try {
            PgUrl url = credentials.resolve(connection);
            return probe.check(connection.getMetadata().getName(), url, timeout(connection));
        } catch (ConnectionProblem problem) {
            return problem.toCheck();
        }
    }

    /** Written before a new generation's first check, which may take up to three connect timeouts. */
    private DatabaseConnectionStatus checking(DatabaseConnectionStatus before, long generation) {
        DatabaseConnectionStatus status = new DatabaseConnectionStatus();
        status.setPhase(ConnectionPhase.Checking);
        status.setConditions(new Conditions(before.getConditions(), generation, clock.instant())
                .set(Condition.READY, false, "Checking", "Checking the connection")
                .set(Condition.RECONCILING, true, "Checking", "Checking the connection")
                .set(Condition.STALLED, false, "Checking", "Checking the connection")
                .list());
        return status;
    }

    private DatabaseConnectionStatus result(DatabaseConnectionStatus before, ConnectionCheck check, long generation) {
        Instant now = clock.instant();
        DatabaseConnectionStatus status = new DatabaseConnectionStatus();
        status.setObservedGeneration(generation);
        status.setPhase(check.phase());
        status.setLastCheckTime(Timestamps.format(now));
        String reason = check.reason().name();
        status.setConditions(new Conditions(before.getConditions(), generation, now)
                .set(Condition.READY, check.ready(), reason, check.message())
                .set(Condition.RECONCILING, false, reason, "Checked")
                .set(Condition.STALLED, check.reason().needsHuman(), reason, check.reason().needsHuman()
                        ? check.message() : "Nothing needs a human")
                .list());
        if (check.ready()) {
            status.setLastSuccessTime(Timestamps.format(now));
            status.setConsecutiveFailures(0);
            status.setServerVersion(check.facts().serverVersion());
            status.setLatencyMillis(check.latencyMillis());
            status.setPrivileges(check.facts().toPrivileges());
            status.setDatabaseEnvironment(check.facts().databaseEnvironment());
        } else {
            status.setConsecutiveFailures(Objects.requireNonNullElse(before.getConsecutiveFailures(), 0) + 1);
        }
        return status;
    }

    private static EventReason eventReason(ConnectionCheck check) {
        return switch (check.phase()) {
            case Ready -> EventReason.ConnectionReady;
            case Unreachable -> EventReason.ConnectionUnreachable;
            default -> check.reason() == ConnectionReason.LimitExceeded
                    ? EventReason.ConnectionLimitExceeded : EventReason.ConnectionInvalid;
        };
    }

    private static Duration interval(DatabaseConnection connection) {
        HealthCheck health = connection.getSpec() == null ? null : connection.getSpec().getHealthCheck();
        return Duration.ofSeconds(health == null || health.getIntervalSeconds() == null ? 60 : health.getIntervalSeconds());
    }

    private static Duration timeout(DatabaseConnection connection) {
        HealthCheck health = connection.getSpec().getHealthCheck();
        return Duration.ofSeconds(health == null || health.getTimeoutSeconds() == null ? 10 : health.getTimeoutSeconds());
    }
}
