package io.pgtide.runner.job;

import io.pgtide.api.DatabaseConnectionSpec;
import io.pgtide.api.SslMode;
import io.pgtide.api.SyncJobSpec;
import io.pgtide.runner.Durations;
import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.db.PgUrl;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * What a runner pod ({@code java -jar sync-runner.jar run-job}) reads from its environment: the
 * contract between the operator, which fills these variables when it creates the runner Job, and
 * the runner. Passwords come from {@code secretKeyRef}s, so the runner needs no access to Secrets.
 *
 * <p>The SyncJob and its run:
 * <ul>
 *   <li>{@code PGTIDE_SYNCJOB_NAMESPACE}, {@code PGTIDE_SYNCJOB_NAME} (required): the SyncJob whose
 *       {@code status.progress} and {@code status.tables} the runner patches.</li>
 *   <li>{@code PGTIDE_RUN_ID} (optional): the operator's {@code status.run.id}. With the namespace and
 *       name it forms the checkpoint identity, so a retried or resumed pod of the same run continues
 *       from the checkpoints and a new run starts over.</li>
 *   <li>{@code PGTIDE_RUN_SPEC} (required): the SyncJob's {@code spec} as JSON, snapshotted when the
 *       run started, so that editing the SyncJob mid-run changes nothing underneath the runner.</li>
 *   <li>{@code PGTIDE_STATUS_INTERVAL} (optional, default {@code 5s}): the least time between two
 *       status patches, e.g. {@code 2s} or {@code 500ms}.</li>
 *   <li>{@code PGTIDE_RESTORE_BACKUP_ID} (optional): a restore Job (the {@code pgtide.io/restore}
 *       annotation) instead of a sync: the runner restores this backup on the target, writes the one-line
 *       outcome to {@code status.restore.result} and exits 0 (restored), 1 (failed, nothing changed) or
 *       2 (no such backup). Only the target connection is used then, but the source variables are read as for a sync.</li>
 * </ul>
 *
 * <p>Each side, with {@code SIDE} = {@code SOURCE} or {@code TARGET}, in one of two forms:
 * <ul>
 *   <li>a DatabaseConnection with {@code credentialsSecretRef}: {@code PGTIDE_SIDE_HOST},
 *       {@code PGTIDE_SIDE_PORT} (default 5432), {@code PGTIDE_SIDE_DATABASE},
 *       {@code PGTIDE_SIDE_SSLMODE} (optional: disable, allow, prefer, require, verify-ca, verify-full),
 *       {@code PGTIDE_SIDE_USER} and {@code PGTIDE_SIDE_PASSWORD} (optional for trust or cert auth);</li>
 *   <li>a DatabaseConnection with {@code urlSecretRef}: {@code PGTIDE_SIDE_URL}, a whole
 *       {@code postgresql://user:password@host:port/database?sslmode=...} URL (the password may also
 *       come from {@code PGTIDE_SIDE_PASSWORD}, as on the command line). Setting both forms is an error.</li>
 * </ul>
 *
 * <p>The Kubernetes API is found as fabric8 finds it: in a pod, through the ServiceAccount token and
 * the {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} variables Kubernetes sets. The ServiceAccount
 * needs {@code patch} on {@code syncjobs/status} only.
 *
 * @param statusInterval  least time between two status patches
 * @param restoreBackupId the backup to restore instead of syncing, or null
 */
public record RunnerEnvironment(String namespace, String name, String runId, SyncJobSpec spec, PgUrl source,
                                PgUrl target, Duration statusInterval, String restoreBackupId) {
    public static final String NAMESPACE = "PGTIDE_SYNCJOB_NAMESPACE";
    public static final String NAME = "PGTIDE_SYNCJOB_NAME";
    public static final String RUN_ID = "PGTIDE_RUN_ID";
    public static final String RUN_SPEC = "PGTIDE_RUN_SPEC";
    public static final String STATUS_INTERVAL = "PGTIDE_STATUS_INTERVAL";
    public static final String RESTORE_BACKUP_ID = "PGTIDE_RESTORE_BACKUP_ID";
    public static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(5);

    /** Reads the contract above; a missing or malformed variable is a {@link UserError} (exit 2) naming it. */
    public static RunnerEnvironment from(Map<String, String> env) {
        String namespace = required(env, NAMESPACE);
        String name = required(env, NAME);
        SyncJobSpec spec = SyncJobManifest.spec(required(env, RUN_SPEC), RUN_SPEC);
        String intervalText = value(env, STATUS_INTERVAL);
        Duration interval = intervalText == null ? DEFAULT_STATUS_INTERVAL : Durations.parse(intervalText)
                .orElseThrow(() -> bad(STATUS_INTERVAL + " '" + intervalText + "' is not a duration (e.g. 5s)"));
        return new RunnerEnvironment(namespace, name, value(env, RUN_ID), spec, side(env, "source"), side(env, "target"),
                interval, value(env, RESTORE_BACKUP_ID));
    }

    /** The checkpoint identity of this run. */
    public String jobId() {
        return SyncJobMapping.jobId(namespace, name, runId);
    }

    private static PgUrl side(Map<String, String> env, String role) {
        String prefix = "PGTIDE_" + role.toUpperCase(Locale.ROOT) + "_";
        String url = value(env, prefix + "URL");
        String host = value(env, prefix + "HOST");
        // Not stripped like the other values: a password may begin or end with blanks.
        String password = env.get(prefix + "PASSWORD");
        if (url != null && host != null) {
            throw bad("both " + prefix + "URL and " + prefix + "HOST are set; the " + role
                    + " connection is either a URL or host, port, database and user");
        }
        if (url != null) {
            return PgUrl.parse(role, url, password);
        }
        if (host == null) {
            throw bad("neither " + prefix + "URL nor " + prefix + "HOST is set; the runner does not know the " + role + " database");
        }
        DatabaseConnectionSpec connection = new DatabaseConnectionSpec();
        connection.setHost(host);
        String port = value(env, prefix + "PORT");
        if (port != null) {
            try {
                connection.setPort(Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw bad(prefix + "PORT '" + port + "' is not a port number");
            }
        }
        connection.setDatabase(required(env, prefix + "DATABASE"));
        String sslMode = value(env, prefix + "SSLMODE");
        if (sslMode != null) {
            connection.setSslMode(Arrays.stream(SslMode.values())
                    .filter(m -> m.name().replace('_', '-').equalsIgnoreCase(sslMode))
                    .findFirst()
                    .orElseThrow(() -> bad(prefix + "SSLMODE '" + sslMode
                            + "' is not one of disable, allow, prefer, require, verify-ca, verify-full")));
        }
        return SyncJobMapping.toPgUrl(role, connection, required(env, prefix + "USER"), password);
    }

    private static String required(Map<String, String> env, String variable) {
        String v = value(env, variable);
        if (v == null) {
            throw bad(variable + " is not set");
        }
        return v;
    }

    /** A variable's value; set but empty counts as unset (a Secret key holding an empty string). */
    private static String value(Map<String, String> env, String variable) {
        String v = env.get(variable);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static UserError bad(String why) {
        return new UserError(ExitCode.BAD_INPUT, "The runner's environment is not usable: " + why
                + ". The operator sets these variables on the runner Job (see RunnerEnvironment).");
    }

    /** Never shows passwords: PgUrl's toString leaves them out, and the spec holds none. */
    @Override
    public String toString() {
        return "RunnerEnvironment[syncJob=" + namespace + "/" + name + ", runId=" + runId + ", source=" + source
                + ", target=" + target + (restoreBackupId == null ? "" : ", restoreBackupId=" + restoreBackupId) + "]";
    }
}
