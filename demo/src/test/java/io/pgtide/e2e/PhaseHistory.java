package io.pgtide.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;

import java.util.ArrayList;
import java.util.List;

/** Every phase a SyncJob passed through (a SyncJob without status counts as Pending), in order, watched live. */
final class PhaseHistory implements AutoCloseable {
    private final List<SyncJobPhase> phases = new ArrayList<>();
    private final SharedIndexInformer<SyncJob> informer;

    PhaseHistory(KubernetesClient client, String namespace, String name) {
        informer = client.resources(SyncJob.class).inNamespace(namespace).withName(name).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(SyncJob job) {
                record(job);
            }

            @Override
            public void onUpdate(SyncJob old, SyncJob job) {
                record(job);
            }

            @Override
            public void onDelete(SyncJob job, boolean unknown) {
            }
        });
    }

    private synchronized void record(SyncJob job) {
        SyncJobPhase phase = job.getStatus() == null || job.getStatus().getPhase() == null
                ? SyncJobPhase.Pending : job.getStatus().getPhase();
        if (phases.isEmpty() || phases.get(phases.size() - 1) != phase) {
            phases.add(phase);
        }
    }

    synchronized List<SyncJobPhase> phases() {
        return List.copyOf(phases);
    }

    @Override
    public void close() {
        informer.close();
    }
}
