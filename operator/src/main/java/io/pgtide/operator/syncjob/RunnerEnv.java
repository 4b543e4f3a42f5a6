package io.pgtide.operator.syncjob;

/**
 * The contract between the operator and the runner pod: the runner's command and the environment
 * variables the operator sets in every runner Job. The runner's pod mode ({@code run-job}) reads
 * exactly these; change both sides together.
 *
 * <p>Each side (SOURCE, TARGET) comes either as separate fields (HOST, PORT, DATABASE, optional
 * SSLMODE, USER and PASSWORD, the last two from the connection's credentials Secret) or as one URL
 * from the connection's URL Secret. Secrets reach the pod only through {@code secretKeyRef}s: the
 * runner's service account needs no Secret access, and no credential appears in the Job object.
 */
public final class RunnerEnv {
    /** The runner's first argument: run the SyncJob described by this environment. */
    public static final String COMMAND = "run-job";

    /** The SyncJob's spec as JSON, snapshotted when the run started: edits to the SyncJob do not reach a running pod. */
    public static final String RUN_SPEC = "PGTIDE_RUN_SPEC";
    /** Namespace and name of the SyncJob whose status.progress and status.tables the runner patches. */
    public static final String SYNCJOB_NAMESPACE = "PGTIDE_SYNCJOB_NAMESPACE";
    public static final String SYNCJOB_NAME = "PGTIDE_SYNCJOB_NAME";
    /** The run's identity; also the runner's checkpoint identity, stable across retries and resumes. */
    public static final String RUN_ID = "PGTIDE_RUN_ID";
    /** Set only in a restore Job: restore this backup into the target instead of syncing. */
    public static final String RESTORE_BACKUP_ID = "PGTIDE_RESTORE_BACKUP_ID";

    public static final String SOURCE = "SOURCE";
    public static final String TARGET = "TARGET";

    private RunnerEnv() {
    }

    /** PGTIDE_SOURCE_HOST, PGTIDE_TARGET_PASSWORD, ...: {@code side} is {@link #SOURCE} or {@link #TARGET}. */
    public static String host(String side) {
        return "PGTIDE_" + side + "_HOST";
    }

    public static String port(String side) {
        return "PGTIDE_" + side + "_PORT";
    }

    public static String database(String side) {
        return "PGTIDE_" + side + "_DATABASE";
    }

    public static String sslMode(String side) {
        return "PGTIDE_" + side + "_SSLMODE";
    }

    public static String user(String side) {
        return "PGTIDE_" + side + "_USER";
    }

    public static String password(String side) {
        return "PGTIDE_" + side + "_PASSWORD";
    }

    public static String url(String side) {
        return "PGTIDE_" + side + "_URL";
    }
}
