package io.pgtide.runner.job;

import io.pgtide.api.BackupPolicy;
import io.pgtide.api.BackupSpec;
import io.pgtide.api.DatabaseConnectionSpec;
import io.pgtide.api.RateLimit;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobSpec;
import io.pgtide.runner.Durations;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.backup.BackupOptions;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.schema.TableRef;
import io.pgtide.runner.sync.ConflictStrategy;
import io.pgtide.runner.sync.OnTableError;
import io.pgtide.runner.sync.ProductionGuard;
import io.pgtide.runner.sync.RateLimitOptions;
import io.pgtide.runner.sync.SyncMode;
import io.pgtide.runner.sync.SyncOptions;
import io.pgtide.runner.sync.TableSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API model (a SyncJob's spec and its connections) as the engine's {@link SyncOptions} and
 * {@link PgUrl}s. The CRD's schema and CEL rules already reject most bad specs at admission; the
 * checks here repeat the ones the engine relies on, because a manifest given to {@code sync --spec}
 * never passed an API server.
 *
 * <p>{@code rateLimit} becomes the run's {@link RateLimitOptions}, {@code backup} its
 * {@link BackupOptions}, and {@code dryRun} is carried in {@link Mapped#dryRun()} (whoever runs the
 * mapped options must then run a preview instead of the sync). Fields that are the operator's
 * business are not read here:
 * {@code sourceRef}/{@code targetRef} (the operator resolves them into connection settings),
 * {@code suspend}, {@code schedule} and {@code rerunNonce} (when runs start and stop),
 * {@code notifications} (sent by the operator on phase changes). {@code productionConfirmation} is
 * checked twice: by the operator against the target DatabaseConnection before launching a run, and
 * by the runner against the target database's own {@code pgtide.environment} setting
 * ({@link ProductionGuard}), which the operator may not have seen yet.
 */
public final class SyncJobMapping {
    /**
     * What a spec asks of the engine, plus notices for the user about what the runner leaves out.
     *
     * @param dryRun the spec asks for a preview ({@code dryRun: true}): compute what a sync would do, write nothing
     */
    public record Mapped(SyncOptions options, List<String> notices, boolean dryRun) {
        public Mapped {
            notices = List.copyOf(notices);
        }

        public Mapped(SyncOptions options, List<String> notices) {
            this(options, notices, false);
        }
    }

    private SyncJobMapping() {
    }

    /**
     * The checkpoint identity of a SyncJob's runs: its namespace and name, plus the operator's run
     * id when there is one, so a retried or resumed pod of the same run continues from its
     * checkpoints and a new run starts fresh. A manifest without a namespace is in "default", as
     * kubectl would put it.
     */
    public static String jobId(String namespace, String name, String runId) {
        String ns = namespace == null || namespace.isBlank() ? "default" : namespace;
        return "syncjob/" + ns + "/" + name + (runId == null || runId.isBlank() ? "" : "/" + runId);
    }

    /** {@link #jobId(String, String, String)} of a SyncJob object (its run id from {@code status.run.id}). */
    public static String jobId(SyncJob job) {
        String runId = job.getStatus() == null || job.getStatus().getRun() == null ? null : job.getStatus().getRun().getId();
        return jobId(job.getMetadata().getNamespace(), job.getMetadata().getName(), runId);
    }

    /**
     * The name that groups a SyncJob's backups for retention: its namespace and name without the
     * run id, so that {@code backup.retain} counts the backups of all its runs.
     */
    public static String backupGroup(String namespace, String name) {
        return jobId(namespace, name, null);
    }

    /** {@link #toSyncOptions(SyncJobSpec, String, boolean, String)} with the job id as backup retention group. */
    public static Mapped toSyncOptions(SyncJobSpec spec, String jobId, boolean restart) {
        return toSyncOptions(spec, jobId, restart, jobId);
    }

    /** @param backupGroup the retention group of the run's backup (see {@link #backupGroup}) */
    public static Mapped toSyncOptions(SyncJobSpec spec, String jobId, boolean restart, String backupGroup) {
        String group = backupGroup;
        if (spec == null) {
            throw invalid("the SyncJob has no spec");
        }
        RateLimit rate = spec.getRateLimit();
        if (rate != null && rate.getMaxRowsPerSecond() != null && rate.getMaxRowsPerSecond() < 1) {
            throw invalid("rateLimit.maxRowsPerSecond must be at least 1; leave it out for no limit");
        }
        RateLimitOptions rateLimit = rate == null ? RateLimitOptions.NONE
                : new RateLimitOptions(rate.getMaxRowsPerSecond(), Boolean.TRUE.equals(rate.getAdaptive()));
        List<String> notices = new ArrayList<>();
        BackupOptions backup = backup(spec.getBackup(), group);

        List<io.pgtide.api.TableSpec> tables = spec.getTables();
        if (tables == null || tables.isEmpty()) {
            throw invalid("spec.tables is empty; name at least one table");
        }
        if (tables.size() > 50) {
            throw invalid("spec.tables has " + tables.size() + " entries; at most 50 tables per SyncJob");
        }
        Set<String> seen = new HashSet<>();
        List<TableSpec> specs = new ArrayList<>();
        for (io.pgtide.api.TableSpec t : tables) {
            TableRef ref = TableRef.parse(t.getName());
            if (!seen.add(ref.toString())) {
                throw invalid("the table " + ref + " is listed twice in spec.tables");
            }
            if (t.getColumns() != null && t.getExcludeColumns() != null) {
                throw invalid("the table " + ref + " sets both columns and excludeColumns; set one of them");
            }
            specs.add(new TableSpec(ref, t.getWhere(), orEmpty(t.getKey()), orEmpty(t.getColumns()),
                    orEmpty(t.getExcludeColumns()), t.getMode() == null ? null : mode(t.getMode()),
                    t.getConflict() == null ? null : conflict(t.getConflict())));
        }

        SyncMode mode = spec.getMode() == null ? SyncMode.MERGE : mode(spec.getMode());
        boolean deleteMissing = Boolean.TRUE.equals(spec.getDeleteMissing());
        if (deleteMissing && mode != SyncMode.MERGE) {
            throw invalid("deleteMissing needs mode Merge");
        }
        int checkpointRows = spec.getCheckpointEveryRows() == null
                ? SyncOptions.DEFAULT_CHECKPOINT_ROWS : spec.getCheckpointEveryRows();
        if (checkpointRows < 1) {
            throw invalid("checkpointEveryRows must be at least 1");
        }
        int parallelism = spec.getParallelism() == null ? 2 : spec.getParallelism();
        if (parallelism < 1 || parallelism > 32) {
            throw invalid("parallelism must be between 1 and 32");
        }
        Duration timeout = spec.getTimeout() == null ? SyncOptions.DEFAULT_TIMEOUT
                : Durations.parse(spec.getTimeout()).orElseThrow(() -> invalid("timeout '" + spec.getTimeout()
                + "' is not a duration; use e.g. 2h, 90m, 1h30m or 45s"));
        OnTableError onTableError = spec.getOnTableError() == io.pgtide.api.OnTableError.Continue
                ? OnTableError.CONTINUE : OnTableError.ABORT;
        SyncOptions options = new SyncOptions(specs, mode,
                spec.getConflict() == null ? ConflictStrategy.SOURCE_WINS : conflict(spec.getConflict()),
                deleteMissing, checkpointRows, parallelism, onTableError, timeout, jobId, restart, backup,
                ProductionGuard.syncJob(spec.getTargetRef() == null ? null : spec.getTargetRef().getName(),
                        spec.getProductionConfirmation()), rateLimit);
        return new Mapped(options, notices, Boolean.TRUE.equals(spec.getDryRun()));
    }

    /**
     * A connection given as its DatabaseConnection fields ({@code host}, {@code port},
     * {@code database}, {@code sslMode}) plus the user name and password from its Secret.
     * {@code role} ("source" or "target") names it in error messages.
     */
    public static PgUrl toPgUrl(String role, DatabaseConnectionSpec connection, String user, String password) {
        if (connection.getHost() == null || connection.getHost().isBlank()) {
            throw invalid("the " + role + " connection has no host");
        }
        if (connection.getDatabase() == null || connection.getDatabase().isBlank()) {
            throw invalid("the " + role + " connection has no database");
        }
        if (user == null || user.isBlank()) {
            throw invalid("the " + role + " connection has no user name");
        }
        int port = connection.getPort() == null ? 5432 : connection.getPort();
        if (port < 1 || port > 65535) {
            throw invalid("the " + role + " connection's port " + port + " is out of range");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (connection.getSslMode() != null) {
            // The enum's JSON spelling (verify-full, ...) is libpq's and PgJDBC's.
            parameters.put("sslmode", connection.getSslMode().name().toLowerCase().replace('_', '-'));
        }
        return new PgUrl(connection.getHost().strip(), port, connection.getDatabase(), user,
                password == null || password.isEmpty() ? null : password, parameters);
    }

    private static BackupOptions backup(BackupSpec spec, String group) {
        BackupPolicy policy = spec == null || spec.getPolicy() == null ? BackupPolicy.BestEffort : spec.getPolicy();
        int retain = spec == null || spec.getRetain() == null ? BackupOptions.DEFAULT_RETAIN : spec.getRetain();
        if (retain < 1) {
            throw invalid("backup.retain must be at least 1");
        }
        return new BackupOptions(switch (policy) {
            case BestEffort -> BackupOptions.Policy.BEST_EFFORT;
            case Required -> BackupOptions.Policy.REQUIRED;
            case Disabled -> BackupOptions.Policy.DISABLED;
        }, retain, group);
    }

    private static SyncMode mode(io.pgtide.api.SyncMode mode) {
        return switch (mode) {
            case Merge -> SyncMode.MERGE;
            case Truncate -> SyncMode.TRUNCATE;
            case Append -> SyncMode.APPEND;
        };
    }

    private static ConflictStrategy conflict(io.pgtide.api.ConflictStrategy conflict) {
        return switch (conflict) {
            case SourceWins -> ConflictStrategy.SOURCE_WINS;
            case TargetWins -> ConflictStrategy.TARGET_WINS;
            case Fail -> ConflictStrategy.FAIL;
        };
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static UserError invalid(String why) {
        return new UserError(ExitCode.BAD_INPUT, "The SyncJob spec is not usable: " + why + ".");
    }
}
