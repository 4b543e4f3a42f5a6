package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The per-namespace limit on running SyncJobs, first come first served. Decisions read the SyncJobs
 * from the API server rather than the informer cache, and run under a per-namespace lock together
 * with the status write that marks a job Running: two SyncJobs reconciled at the same moment can
 * never both take the last slot. (One operator replica acts at a time: leader election.)
 */
final class RunQueue {
    /** RFC 3339 timestamps as the API server writes them (UTC, whole seconds) sort as text. */
    private static final Comparator<SyncJob> FIRST_COME = Comparator
            .comparing((SyncJob j) -> j.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(j -> j.getMetadata().getName());

    private final KubernetesClient client;
    private final int maxRunning;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    RunQueue(KubernetesClient client, int maxRunning) {
        this.client = client;
        this.maxRunning = maxRunning;
    }

    <T> T inNamespace(String namespace, Supplier<T> work) {
        synchronized (locks.computeIfAbsent(namespace, n -> new Object())) {
            return work.get();
        }
    }

    /** Call inside {@link #inNamespace}: whether {@code job} may start now without jumping the queue. */
    boolean hasSlotFor(SyncJob job) {
        List<SyncJob> others = client.resources(SyncJob.class).inNamespace(job.getMetadata().getNamespace()).list()
                .getItems().stream()
                .filter(j -> !j.getMetadata().getName().equals(job.getMetadata().getName()))
                .toList();
        long running = others.stream().filter(j -> phase(j) == SyncJobPhase.Running).count();
        long queuedAhead = others.stream()
                .filter(j -> waitsForSlot(j) && FIRST_COME.compare(j, job) < 0)
                .count();
        return running + queuedAhead < maxRunning;
    }

    int maxRunning() {
        return maxRunning;
    }

    /** Queued for a slot; a job Queued by the minimum interval between runs does not hold others back. */
    private static boolean waitsForSlot(SyncJob job) {
        return phase(job) == SyncJobPhase.Queued
                && !SyncJobStateMachine.RERUN_TOO_SOON.equals(job.getStatus().getReason());
    }

    private static SyncJobPhase phase(SyncJob job) {
        return job.getStatus() == null ? null : job.getStatus().getPhase();
    }
}
