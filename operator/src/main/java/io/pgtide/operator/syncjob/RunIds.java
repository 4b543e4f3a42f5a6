package io.pgtide.operator.syncjob;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Deterministic run ids and Job names. A run id depends only on the SyncJob's uid, its
 * {@code rerunNonce} and, for a run the schedule started, the scheduled time; a Job name only on the
 * SyncJob's name, the run id and the attempt: a reconcile that runs twice, or after an operator
 * restart, computes the same name, and the API server refuses a second Job of that name.
 */
final class RunIds {
    /** Job names become the pods' job-name label, and label values have at most 63 characters. */
    private static final int MAX_JOB_NAME = 63;

    private RunIds() {
    }

    /** @param scheduledTime the schedule's time (RFC 3339) the run is for; null for a run not started by the schedule */
    static String runId(String uid, String rerunNonce, String scheduledTime) {
        String identity = uid + "\n" + Objects.requireNonNullElse(rerunNonce, "")
                + (scheduledTime == null ? "" : "\n" + scheduledTime);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** {@code <syncjob>-<runId>-<attempt>}, the SyncJob's name shortened when needed. */
    static String jobName(String syncJobName, String runId, int attempt) {
        String suffix = "-" + runId + "-" + attempt;
        String prefix = syncJobName.length() + suffix.length() > MAX_JOB_NAME
                ? syncJobName.substring(0, MAX_JOB_NAME - suffix.length()).replaceAll("[-.]+$", "")
                : syncJobName;
        return prefix + suffix;
    }
}
