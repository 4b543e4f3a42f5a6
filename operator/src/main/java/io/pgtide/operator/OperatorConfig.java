package io.pgtide.operator;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The operator's limits and runner settings (Helm values end up here as environment variables).
 *
 * @param maxRunningPerNamespace  SyncJobs running at once per namespace; the rest wait in Queued
 * @param maxConnectionsPerNamespace DatabaseConnections usable per namespace; the newest beyond it are not checked or used
 * @param maxTimeout              upper bound for a SyncJob's spec.timeout (the runner Job's activeDeadlineSeconds)
 * @param runnerImage             image of the runner pods
 * @param runnerServiceAccount    service account of the runner pods (may only patch syncjobs/status)
 * @param queueRecheckInterval    how often a Queued or Blocked SyncJob looks again for a free slot or a fixed cause
 * @param minRunInterval          shortest time from one run's start to the next run's start of a SyncJob (a new
 *                                rerunNonce or a schedule sooner than that waits in Queued, RerunTooSoon): a
 *                                SyncJob edited in a loop or scheduled every minute must not hammer the databases
 */
public record OperatorConfig(int maxRunningPerNamespace, int maxConnectionsPerNamespace, Duration maxTimeout,
                             String runnerImage, String runnerServiceAccount, Duration queueRecheckInterval,
                             Duration minRunInterval) {

    public static final String MAX_RUNNING = "PGTIDE_MAX_RUNNING_PER_NAMESPACE";
    public static final String MAX_CONNECTIONS = "PGTIDE_MAX_CONNECTIONS_PER_NAMESPACE";
    public static final String MAX_TIMEOUT_SECONDS = "PGTIDE_MAX_TIMEOUT_SECONDS";
    public static final String RUNNER_IMAGE = "PGTIDE_RUNNER_IMAGE";
    public static final String RUNNER_SERVICE_ACCOUNT = "PGTIDE_RUNNER_SERVICE_ACCOUNT";
    public static final String QUEUE_RECHECK_SECONDS = "PGTIDE_QUEUE_RECHECK_SECONDS";
    public static final String MIN_RUN_INTERVAL_SECONDS = "PGTIDE_MIN_RUN_INTERVAL_SECONDS";

    public OperatorConfig {
        if (maxRunningPerNamespace < 1 || maxConnectionsPerNamespace < 1) {
            throw new IllegalArgumentException("per-namespace limits must be at least 1");
        }
        if (maxTimeout.toSeconds() < 60) {
            throw new IllegalArgumentException("the maximum timeout must be at least 60 s");
        }
        if (minRunInterval.isNegative()) {
            throw new IllegalArgumentException("the minimum interval between runs cannot be negative");
        }
    }

    public static OperatorConfig defaults() {
        return new OperatorConfig(3, 20, Duration.ofHours(24), "ghcr.io/pgtide/sync-runner:latest", "pgtide-runner",
                Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /**
     * Reads each setting from a system property of the same name, else the environment variable,
     * else the default: system properties let tests and the demo override one setting.
     */
    public static OperatorConfig fromEnvironment() {
        return from(name -> System.getProperty(name, System.getenv(name)));
    }

    static OperatorConfig from(Function<String, String> source) {
        OperatorConfig d = defaults();
        return new OperatorConfig(
                intSetting(source, MAX_RUNNING, d.maxRunningPerNamespace()),
                intSetting(source, MAX_CONNECTIONS, d.maxConnectionsPerNamespace()),
                Duration.ofSeconds(intSetting(source, MAX_TIMEOUT_SECONDS, (int) d.maxTimeout().toSeconds())),
                stringSetting(source, RUNNER_IMAGE, d.runnerImage()),
                stringSetting(source, RUNNER_SERVICE_ACCOUNT, d.runnerServiceAccount()),
                Duration.ofSeconds(intSetting(source, QUEUE_RECHECK_SECONDS, (int) d.queueRecheckInterval().toSeconds())),
                Duration.ofSeconds(intSetting(source, MIN_RUN_INTERVAL_SECONDS, (int) d.minRunInterval().toSeconds())));
    }

    public static OperatorConfig from(Map<String, String> settings) {
        return from(settings::get);
    }

    private static int intSetting(Function<String, String> source, String name, int fallback) {
        String value = source.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static String stringSetting(Function<String, String> source, String name, String fallback) {
        String value = source.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public OperatorConfig withMaxConnectionsPerNamespace(int value) {
        return new OperatorConfig(maxRunningPerNamespace, value, maxTimeout, runnerImage, runnerServiceAccount,
                queueRecheckInterval, minRunInterval);
    }

    public OperatorConfig withQueueRecheckInterval(Duration value) {
        return new OperatorConfig(maxRunningPerNamespace, maxConnectionsPerNamespace, maxTimeout, runnerImage,
                runnerServiceAccount, value, minRunInterval);
    }

    public OperatorConfig withMinRunInterval(Duration value) {
        return new OperatorConfig(maxRunningPerNamespace, maxConnectionsPerNamespace, maxTimeout, runnerImage,
                runnerServiceAccount, queueRecheckInterval, value);
    }
}
