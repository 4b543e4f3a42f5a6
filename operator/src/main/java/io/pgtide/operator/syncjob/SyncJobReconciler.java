package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.RestoreStatus;
import io.pgtide.api.RunStatus;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.SyncJobSpec;
import io.pgtide.api.SyncJobStatus;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.events.EventRecorder;
import io.pgtide.operator.status.StatusPatcher;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Drives SyncJobs through their phases: observe (the SyncJob, its connections, its runner Job),
 * decide ({@link SyncJobStateMachine}), act (create or delete the runner Job, write status).
 *
 * <p>Generation-aware event processing is off: the runner's status patches and the connections'
 * readiness are not spec changes but must wake the SyncJob up. Every reconcile is therefore
 * idempotent: Job names are deterministic, Jobs are only ever created (never updated), and an
 * unchanged decision writes nothing.
 */
@ControllerConfiguration(name = SyncJobReconciler.NAME, generationAwareEventProcessing = false)
public class SyncJobReconciler implements Reconciler<SyncJob> {
    public static final String NAME = "syncjob";
    /** status.restore fields the operator writes; a write clears those its new value leaves unset. */
    private static final List<String> RESTORE_FIELDS_OWNED = List.of("restore.jobName", "restore.startTime",
            "restore.completionTime", "restore.message");
    /** ... and the runner's result too, when a new restore starts. */
    private static final List<String> RESTORE_FIELDS_ALL = List.of("restore.jobName", "restore.startTime",
            "restore.completionTime", "restore.message", "restore.result");

    private final KubernetesClient client;
    private final RunQueue queue;
    private final RunnerJobFactory jobs;
    private final SyncJobStateMachine stateMachine;
    private final SyncJobStatusWriter statusWriter;
    private final Clock clock;
    private final EventRecorder events;
    private InformerEventSource<Job, SyncJob> jobSource;
    private InformerEventSource<DatabaseConnection, SyncJob> connectionSource;

    public SyncJobReconciler(OperatorConfig config, KubernetesClient client, EventRecorder events, Clock clock) {
        this.client = client;
        this.queue = new RunQueue(client, config.maxRunningPerNamespace());
        this.jobs = new RunnerJobFactory(config, client.getKubernetesSerialization());
        this.stateMachine = new SyncJobStateMachine(config.queueRecheckInterval(), config.minRunInterval());
        this.statusWriter = new SyncJobStatusWriter(events);
        this.clock = clock;
        this.events = events;
    }

    @Override
    public List<EventSource<?, SyncJob>> prepareEventSources(EventSourceContext<SyncJob> context) {
        jobSource = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, SyncJob.class)
                .withName("runner-jobs")
                .withLabelSelector(RunnerJobFactory.MANAGED_BY_LABEL + "=" + RunnerJobFactory.MANAGED_BY)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(SyncJob.class))
                .build(), context);
        // A connection turning Ready (or appearing) wakes the SyncJobs that name it.
        connectionSource = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(DatabaseConnection.class, SyncJob.class)
                .withName("connections")
                .withSecondaryToPrimaryMapper(connection -> context.getPrimaryCache()
                        .list(connection.getMetadata().getNamespace(), job -> names(job, connection.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build(), context);
        return List.of(jobSource, connectionSource);
    }

    @Override
    public UpdateControl<SyncJob> reconcile(SyncJob syncJob, Context<SyncJob> context) {
        Observation observation = observe(syncJob);
        Optional<Job> restoreJob = restoreJob(observation);
        RestoreRequests.Step restore = RestoreRequests.decide(observation, restoreJob);
        actOnRestore(syncJob, context, observation, restore, restoreJob);
        if (restore.action() == RestoreRequests.Action.LAUNCH) {
            // The restore Job started only because no run is active; the run side is looked at again
            // in the reconcile that the status write triggers, and then waits for the restore.
            return UpdateControl.<SyncJob>noUpdate().rescheduleAfter(restore.requeue());
        }
        Decision decision = stateMachine.next(observation);
        Decision acted = act(syncJob, context, observation, decision);
        Duration requeue = earliest(acted.requeue(), restore.requeue());
        UpdateControl<SyncJob> control = UpdateControl.noUpdate();
        return requeue == null ? control : control.rescheduleAfter(requeue);
    }

    private Optional<Job> restoreJob(Observation o) {
        return Optional.ofNullable(o.status().getRestore())
                .map(RestoreStatus::getJobName)
                .flatMap(name -> runnerJob(name, o.syncJob().getMetadata().getNamespace()));
    }

    /** Creates or deletes the restore Job and writes status.restore, as {@link RestoreRequests} decided. */
    private void actOnRestore(SyncJob syncJob, Context<SyncJob> context, Observation o, RestoreRequests.Step step,
                              Optional<Job> restoreJob) {
        String namespace = syncJob.getMetadata().getNamespace();
        List<String> clear = RESTORE_FIELDS_OWNED;
        switch (step.action()) {
            case NONE -> {
                if (step.status() == null) {
                    return;
                }
            }
            case LAUNCH -> {
                RestoreStatus r = step.status();
                Job job = jobs.buildRestore(syncJob, r.getJobName(), "restore-" + RestoreRequests.restoreId(syncJob, r.getBackupId()),
                        r.getBackupId(), o.source().orElseThrow(), o.target().orElseThrow());
                createOnce(namespace, job);
                // A new restore: the runner's result of an earlier one no longer applies.
                clear = RESTORE_FIELDS_ALL;
            }
            case FORGET -> {
                restoreJob.ifPresent(job -> client.batch().v1().jobs().inNamespace(namespace)
                        .withName(job.getMetadata().getName()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
                StatusPatcher.mergePatch(syncJob, context, new SyncJobStatus(), List.of("restore"));
                return;
            }
        }
        SyncJobStatus patch = new SyncJobStatus();
        patch.setRestore(step.status());
        SyncJob written = StatusPatcher.mergePatch(syncJob, context, patch, clear);
        if (step.event() != null) {
            events.emit(written, step.event(), step.status().getMessage());
        }
    }

    private static Duration earliest(Duration a, Duration b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private Observation observe(SyncJob syncJob) {
        String namespace = syncJob.getMetadata().getNamespace();
        SyncJobSpec spec = syncJob.getSpec();
        Optional<DatabaseConnection> source = connection(spec.getSourceRef() == null ? null : spec.getSourceRef().getName(), namespace);
        Optional<DatabaseConnection> target = connection(spec.getTargetRef() == null ? null : spec.getTargetRef().getName(), namespace);
        Optional<Job> runnerJob = Optional.ofNullable(syncJob.getStatus())
                .map(SyncJobStatus::getRun)
                .map(RunStatus::getJobName)
                .flatMap(name -> runnerJob(name, namespace));
        return new Observation(syncJob, source, target, runnerJob, clock.instant());
    }

    private Optional<DatabaseConnection> connection(String name, String namespace) {
        return name == null ? Optional.empty() : connectionSource.get(new ResourceID(name, namespace));
    }

    /**
     * The informer may not have seen a Job created a moment ago; asking the API server before
     * concluding that a Job is gone keeps a fresh run from being declared JobDeleted.
     */
    private Optional<Job> runnerJob(String name, String namespace) {
        Optional<Job> cached = jobSource.get(new ResourceID(name, namespace));
        return cached.isPresent() ? cached
                : Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
    }

    private Decision act(SyncJob syncJob, Context<SyncJob> context, Observation o, Decision decision) {
        return switch (decision.action()) {
            case NONE -> {
                statusWriter.write(syncJob, context, decision, o.now());
                yield decision;
            }
            case DELETE_JOB -> {
                client.batch().v1().jobs().inNamespace(syncJob.getMetadata().getNamespace())
                        .withName(o.runnerJob().orElseThrow().getMetadata().getName())
                        // Foreground: the Job stays (being deleted) until its pod has stopped, so a resume
                        // can wait for it; the pod gets SIGTERM and its grace period to commit a checkpoint.
                        .withPropagationPolicy(DeletionPropagation.FOREGROUND)
                        .delete();
                statusWriter.write(syncJob, context, decision, o.now());
                yield decision;
            }
            case LAUNCH -> queue.inNamespace(syncJob.getMetadata().getNamespace(), () -> launch(syncJob, context, o, decision));
        };
    }

    /** Runs under the namespace's queue lock: the slot check, the Job and the Running status go together. */
    private Decision launch(SyncJob syncJob, Context<SyncJob> context, Observation o, Decision decision) {
        if (!queue.hasSlotFor(syncJob)) {
            Decision queued = stateMachine.noFreeSlot(o, queue.maxRunning());
            statusWriter.write(syncJob, context, queued, o.now());
            return queued;
        }
        Job job = jobs.build(syncJob, decision.run(), o.source().orElseThrow(), o.target().orElseThrow(),
                RunTimeout.parse(syncJob.getSpec().getTimeout()).orElseThrow());
        createOnce(syncJob.getMetadata().getNamespace(), job);
        statusWriter.write(syncJob, context, decision, o.now());
        return decision;
    }

    private void createOnce(String namespace, Job job) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
        } catch (KubernetesClientException e) {
            // The Job exists already: an earlier reconcile created it and then failed or was stopped
            // before recording it. Its name is deterministic, so it is the right Job; record it now.
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    private static boolean names(SyncJob job, String connection) {
        SyncJobSpec spec = job.getSpec();
        return spec != null && ((spec.getSourceRef() != null && connection.equals(spec.getSourceRef().getName()))
                || (spec.getTargetRef() != null && connection.equals(spec.getTargetRef().getName())));
    }
}
