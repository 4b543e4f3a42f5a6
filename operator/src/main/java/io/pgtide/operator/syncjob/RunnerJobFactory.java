package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.DatabaseConnectionSpec;
import io.pgtide.api.RunStatus;
import io.pgtide.api.SyncJob;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.connection.SslModes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the batch/v1 Job that runs one attempt of a SyncJob's run. */
final class RunnerJobFactory {
    static final String CONTAINER = "runner";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "pgtide-operator";
    static final String SYNCJOB_LABEL = "pgtide.io/syncjob";
    static final String RUN_ID_LABEL = "pgtide.io/run-id";
    /** On the Job of a dry run: its verdict comes from the preview, not from synced tables. */
    static final String DRY_RUN_LABEL = "pgtide.io/dry-run";
    /** Crash retries per attempt; each resumes from the last checkpoint. */
    static final int BACKOFF_LIMIT = 2;
    /** Time the runner gets after SIGTERM (suspend, deadline) to commit its current chunk and checkpoint. */
    static final long TERMINATION_GRACE_SECONDS = 60;
    /**
     * Runner exit codes that are a verdict, not a crash (1 failed, 2 bad input, 3 partially succeeded,
     * 5 validation errors): retrying cannot change them, so they fail the Job at once. Exit code 4
     * (interrupted) and crashes use the backoffLimit's retries.
     */
    static final List<Integer> FINAL_EXIT_CODES = List.of(1, 2, 3, 5);

    private final OperatorConfig config;
    private final KubernetesSerialization serialization;

    RunnerJobFactory(OperatorConfig config, KubernetesSerialization serialization) {
        this.config = config;
        this.serialization = serialization;
    }

    /** The Job of one attempt of a sync run (or dry run). */
    Job build(SyncJob syncJob, RunStatus run, DatabaseConnection source, DatabaseConnection target, Duration timeout) {
        Map<String, String> extraLabels = Boolean.TRUE.equals(syncJob.getSpec().getDryRun())
                ? Map.of(DRY_RUN_LABEL, "true") : Map.of();
        return job(syncJob, run.getJobName(), run.getId(), RunTimeout.deadlineSeconds(timeout, config.maxTimeout()),
                env(syncJob, run.getId(), source, target), extraLabels);
    }

    /** Whether {@code job} runs a dry run (decided by the spec snapshotted when it was created). */
    static boolean isDryRun(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        return labels != null && "true".equals(labels.get(DRY_RUN_LABEL));
    }

    /**
     * The Job that restores backup {@code backupId} into the SyncJob's target: the same runner, image and
     * credentials as a run, told by {@link RunnerEnv#RESTORE_BACKUP_ID} to restore instead of syncing. A
     * restore is idempotent (it writes only rows that differ from the backup), so crash retries are safe.
     */
    Job buildRestore(SyncJob syncJob, String jobName, String restoreId, String backupId, DatabaseConnection source,
                     DatabaseConnection target) {
        List<EnvVar> env = env(syncJob, restoreId, source, target);
        env.add(plain(RunnerEnv.RESTORE_BACKUP_ID, backupId));
        return job(syncJob, jobName, restoreId, config.maxTimeout().toSeconds(), env, Map.of());
    }

    private Job job(SyncJob syncJob, String jobName, String runId, long deadlineSeconds, List<EnvVar> env,
                    Map<String, String> extraLabels) {
        String name = syncJob.getMetadata().getName();
        Map<String, String> labels = new HashMap<>(Map.of(MANAGED_BY_LABEL, MANAGED_BY, SYNCJOB_LABEL, name, RUN_ID_LABEL, runId));
        labels.putAll(extraLabels);
        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName)
                .withNamespace(syncJob.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(syncJob.getApiVersion())
                        .withKind(syncJob.getKind())
                        .withName(name)
                        .withUid(syncJob.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(BACKOFF_LIMIT)
                .withActiveDeadlineSeconds(deadlineSeconds)
                .withNewPodFailurePolicy()
                .withRules(new PodFailurePolicyRuleBuilder()
                                .withAction("FailJob")
                                .withNewOnExitCodes().withContainerName(CONTAINER).withOperator("In")
                                .withValues(FINAL_EXIT_CODES).endOnExitCodes()
                                .build(),
                        // A pod evicted or preempted did nothing wrong: retry without using up the backoffLimit.
                        new PodFailurePolicyRuleBuilder()
                                .withAction("Ignore")
                                .addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition()
                                .build())
                .endPodFailurePolicy()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(config.runnerServiceAccount())
                .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(config.runnerImage())
                .withArgs(RunnerEnv.COMMAND)
                .withEnv(env)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private List<EnvVar> env(SyncJob syncJob, String runId, DatabaseConnection source, DatabaseConnection target) {
        List<EnvVar> env = new ArrayList<>();
        env.add(plain(RunnerEnv.RUN_SPEC, serialization.asJson(syncJob.getSpec())));
        env.add(plain(RunnerEnv.SYNCJOB_NAMESPACE, syncJob.getMetadata().getNamespace()));
        env.add(plain(RunnerEnv.SYNCJOB_NAME, syncJob.getMetadata().getName()));
        env.add(plain(RunnerEnv.RUN_ID, runId));
        side(env, RunnerEnv.SOURCE, source.getSpec());
        side(env, RunnerEnv.TARGET, target.getSpec());
        return env;
    }

    private static void side(List<EnvVar> env, String side, DatabaseConnectionSpec spec) {
        if (spec.getUrlSecretRef() != null) {
            env.add(fromSecret(RunnerEnv.url(side), spec.getUrlSecretRef().getName(), spec.getUrlSecretRef().getKey()));
            return;
        }
        env.add(plain(RunnerEnv.host(side), spec.getHost()));
        env.add(plain(RunnerEnv.port(side), String.valueOf(spec.getPort() == null ? 5432 : spec.getPort())));
        env.add(plain(RunnerEnv.database(side), spec.getDatabase()));
        if (spec.getSslMode() != null) {
            env.add(plain(RunnerEnv.sslMode(side), SslModes.libpqName(spec.getSslMode())));
        }
        var credentials = spec.getCredentialsSecretRef();
        env.add(fromSecret(RunnerEnv.user(side), credentials.getName(), credentials.getUsernameKey()));
        env.add(fromSecret(RunnerEnv.password(side), credentials.getName(), credentials.getPasswordKey()));
    }

    private static EnvVar plain(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar fromSecret(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).endSecretKeyRef().endValueFrom()
                .build();
    }
}
