package io.pgtide.operator.syncjob;

import io.pgtide.api.Condition;
import io.pgtide.api.ConditionStatus;
import io.pgtide.api.ConnectionPhase;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.Environment;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobSpec;
import io.pgtide.operator.status.Conditions;
import io.pgtide.runner.UserError;
import io.pgtide.runner.job.SyncJobMapping;
import io.pgtide.runner.sync.ProductionGuard;

import java.util.Optional;

/**
 * Everything that must hold before a run starts. The admission webhook checks most of it too; the
 * reconciler checks again because a cluster without the webhook must still be safe. Problems a
 * human must fix come before problems that may fix themselves (a connection not Ready yet).
 */
final class LaunchValidator {
    static final int MAX_TABLES = 50;

    private LaunchValidator() {
    }

    static Optional<Blocker> check(SyncJob job, Optional<DatabaseConnection> source, Optional<DatabaseConnection> target) {
        SyncJobSpec spec = job.getSpec();
        String namespace = job.getMetadata().getNamespace();
        if (spec == null || spec.getSourceRef() == null || spec.getTargetRef() == null) {
            return blocked(Blocker.INVALID_SPEC, "spec.sourceRef and spec.targetRef are required");
        }
        int tables = spec.getTables() == null ? 0 : spec.getTables().size();
        if (tables < 1 || tables > MAX_TABLES) {
            return blocked(Blocker.INVALID_SPEC, "spec.tables must list 1 to " + MAX_TABLES + " tables, not " + tables);
        }
        if (RunTimeout.parse(spec.getTimeout()).isEmpty()) {
            return blocked(Blocker.INVALID_SPEC, "spec.timeout '" + spec.getTimeout() + "' is not a duration such as 2h or 90m");
        }
        try {
            // The runner's own reading of the spec: whatever it would refuse (a feature it does not
            // implement yet, contradictory options) blocks here instead of failing a launched Job.
            SyncJobMapping.toSyncOptions(spec, SyncJobMapping.jobId(job), false);
        } catch (UserError e) {
            return blocked(Blocker.INVALID_SPEC, e.getMessage());
        }
        Optional<Blocker> schedule = checkSchedule(spec);
        if (schedule.isPresent()) {
            return schedule;
        }
        String sourceName = spec.getSourceRef().getName();
        String targetName = spec.getTargetRef().getName();
        if (source.isEmpty() || target.isEmpty()) {
            String missing = source.isEmpty() ? sourceName : targetName;
            return blocked(Blocker.CONNECTION_NOT_FOUND, "DatabaseConnection '" + missing + "' does not exist in namespace '"
                    + namespace + "'");
        }
        if (Boolean.TRUE.equals(target.get().getSpec().getReadOnly())) {
            return blocked(Blocker.TARGET_READ_ONLY, "DatabaseConnection '" + targetName
                    + "' is readOnly: it may only be a source");
        }
        Optional<String> production = productionBecause(target.get());
        if (production.isPresent() && !Boolean.TRUE.equals(spec.getDryRun())
                && !targetName.equals(spec.getProductionConfirmation())) {
            String given = spec.getProductionConfirmation() == null ? ""
                    : " (spec.productionConfirmation is '" + spec.getProductionConfirmation() + "')";
            return blocked(Blocker.CONFIRMATION_REQUIRED, "The target '" + targetName + "' is a production database ("
                    + production.get() + ")" + given + ": set spec.productionConfirmation to '" + targetName
                    + "' to confirm writing to it");
        }
        for (DatabaseConnection connection : new DatabaseConnection[]{source.get(), target.get()}) {
            if (!isReady(connection)) {
                return blocked(Blocker.CONNECTION_NOT_READY, "DatabaseConnection '" + connection.getMetadata().getName()
                        + "' is not Ready" + readiness(connection));
            }
        }
        return Optional.empty();
    }

    /**
     * Why a connection is production, if it is: its spec says so, or its database carries
     * {@code pgtide.environment = 'production'} (seen by the last health check), which guards it from
     * every client, not only from this operator.
     */
    static Optional<String> productionBecause(DatabaseConnection connection) {
        if (connection.getSpec().getEnvironment() == Environment.Production) {
            return Optional.of("spec.environment is Production");
        }
        if (connection.getStatus() != null && ProductionGuard.isProductionValue(connection.getStatus().getDatabaseEnvironment())) {
            return Optional.of("its database's " + ProductionGuard.SETTING + " setting is 'production'");
        }
        return Optional.empty();
    }

    /** The CRD's pattern lets through expressions such as "0 25 * * *"; only a parser knows them all. */
    static Optional<Blocker> checkSchedule(SyncJobSpec spec) {
        if (spec.getSchedule() == null) {
            return Optional.empty();
        }
        try {
            CronSchedule.parse(spec.getSchedule());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return blocked(Blocker.INVALID_SPEC, e.getMessage());
        }
    }

    static boolean isReady(DatabaseConnection connection) {
        return connection.getStatus() != null && connection.getStatus().getPhase() == ConnectionPhase.Ready
                && Conditions.find(connection.getStatus().getConditions(), Condition.READY)
                .map(c -> c.getStatus() == ConditionStatus.True).orElse(false);
    }

    private static String readiness(DatabaseConnection connection) {
        return connection.getStatus() == null ? " (not checked yet)"
                : Conditions.find(connection.getStatus().getConditions(), Condition.READY)
                .map(c -> " (" + c.getReason() + ": " + c.getMessage() + ")").orElse("");
    }

    private static Optional<Blocker> blocked(String reason, String message) {
        return Optional.of(new Blocker(reason, message));
    }
}
