package io.pgtide.demo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.pgtide.runner.cli.SyncRunnerMain;
import io.pgtide.runner.sync.CancelToken;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A stand-in for the kubelet and the Job controller on a cluster that has neither (the fabric8 mock
 * API of the tests and the demo): it watches {@code batch/v1} Jobs and "runs their pod" in this JVM.
 *
 * <p>For each new Job it resolves the container's environment ({@code value}, and
 * {@code valueFrom.secretKeyRef} read from the Secret's {@code data} or {@code stringData}), calls
 * the runner's real entry point {@link SyncRunnerMain#execute(String[], PrintStream, PrintStream,
 * CancelToken, Map, java.util.function.Supplier)} with the container's args on a thread of its own,
 * and writes the Job's status the way the Job controller does:
 * <ul>
 *   <li>{@code startTime} and {@code active: 1} while a pod runs;</li>
 *   <li>exit 0: {@code succeeded: 1}, {@code completionTime}, condition {@code Complete};</li>
 *   <li>any other exit: {@code failed} counts up; an exit code matching a {@code podFailurePolicy}
 *       {@code FailJob} rule fails the Job at once (reason {@code PodFailurePolicy}); otherwise a new
 *       pod starts after a short backoff until {@code failed > backoffLimit}, then condition
 *       {@code Failed} with reason {@code BackoffLimitExceeded} (the Job controller's arithmetic:
 *       backoffLimit counts retries, so backoffLimit 2 means 3 pods);</li>
 *   <li>{@code activeDeadlineSeconds} passed (counted from {@code startTime}): the pod is terminated
 *       (its {@link CancelToken} cancelled, like SIGTERM), then condition {@code Failed} with reason
 *       {@code DeadlineExceeded}.</li>
 * </ul>
 *
 * <p>Deletion works like a foreground deletion on a real cluster: each Job gets the finalizer
 * {@value #FINALIZER} while its pod may run, so a deleted Job stays visible (with a
 * {@code deletionTimestamp}) until its runner has stopped; the runner is cancelled like a SIGTERM'd
 * pod (it commits its checkpoint and exits 4) and only then is the finalizer removed. This is how
 * {@code suspend: true} stops a run, and why a resume never overlaps the old runner.
 *
 * <p>Faults for tests: {@link #killWhen} makes one pod end like a SIGKILL'd one (status writes cut
 * off, the runner stopped, an optional action such as terminating its database sessions, exit code
 * 137), so tests can check that the retry resumes from the checkpoint.
 *
 * <p>Not emulated: Pods (no Pod objects are created), {@code spec.suspend} of Jobs, parallelism and
 * completions above 1, {@code $(VAR)} expansion, env sources other than {@code value} and
 * {@code secretKeyRef}. Thread-safe; {@link #close()} stops every runner and releases its Jobs.
 */
public final class LocalJobRunner implements AutoCloseable {
    /** Holds a deleted Job until its runner has stopped (the foreground deletion of a real cluster). */
    public static final String FINALIZER = "pgtide.io/local-job-runner";
    /** The exit code of a pod killed by SIGKILL (128 + 9). */
    public static final int KILLED = 137;

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration MISSING_SECRET_RETRY = Duration.ofSeconds(1);
    /** Bound on the grace period after a "SIGTERM" (the Job's own is 60 s; tests want to move on). */
    private static final Duration MAX_GRACE = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> nodeEnv;
    private final Duration retryBackoff;
    private final PrintStream echo;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, JobRun> runs = new ConcurrentHashMap<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private SharedIndexInformer<Job> informer;

    private LocalJobRunner(Builder b) {
        this.client = b.client;
        this.namespace = b.namespace;
        this.nodeEnv = Map.copyOf(b.env);
        this.retryBackoff = b.retryBackoff;
        this.echo = b.echo;
    }

    public static Builder builder(KubernetesClient client) {
        return new Builder(client);
    }

    /** Settings of a {@link LocalJobRunner}. */
    public static final class Builder {
        private final KubernetesClient client;
        private String namespace;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration retryBackoff = Duration.ofSeconds(1);
        private PrintStream echo;

        private Builder(KubernetesClient client) {
            this.client = Objects.requireNonNull(client);
        }

        /** Only Jobs in this namespace (default: all namespaces). */
        public Builder namespace(String value) {
            this.namespace = value;
            return this;
        }

        /**
         * An environment variable every pod gets unless its container sets the same name (like a
         * node-wide default), e.g. {@code PGTIDE_STATUS_INTERVAL=1s} for quicker progress.
         */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Wait between a failed pod and its replacement (the Job controller starts at 10 s). */
        public Builder retryBackoff(Duration value) {
            this.retryBackoff = value;
            return this;
        }

        /** Also print every pod's output here, each line prefixed with the Job's name. */
        public Builder echo(PrintStream value) {
            this.echo = value;
            return this;
        }

        /** Starts watching Jobs; Jobs that exist already and have not finished are run too. */
        public LocalJobRunner start() {
            LocalJobRunner runner = new LocalJobRunner(this);
            runner.startInformer();
            return runner;
        }
    }

    /**
     * A crash to inject once: the first pod of a Job matching {@code job} that is running when
     * {@code when} becomes true (checked every 100 ms) is killed.
     */
    public static final class Fault {
        private final Predicate<Job> job;
        private final BooleanSupplier when;
        private final Runnable alsoDo;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CountDownLatch fired = new CountDownLatch(1);

        private Fault(Predicate<Job> job, BooleanSupplier when, Runnable alsoDo) {
            this.job = job;
            this.when = when;
            this.alsoDo = alsoDo;
        }

        public boolean fired() {
            return fired.getCount() == 0;
        }

        public boolean awaitFired(Duration timeout) throws InterruptedException {
            return fired.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Kills one pod like SIGKILL when a condition holds: its Kubernetes client is closed (no final
     * status write), {@code alsoDo} runs (e.g. terminate its database sessions, so the open
     * transaction is rolled back as when the process dies), the runner is told to stop, and the pod
     * counts as failed with exit code {@value #KILLED} whatever the runner returns.
     *
     * @param job    which Jobs qualify, e.g. by their {@code pgtide.io/syncjob} label
     * @param when   evaluated every 100 ms while a qualifying pod runs (e.g. "the target has K rows")
     * @param alsoDo run right after the kill; may be null
     */
    public Fault killWhen(Predicate<Job> job, BooleanSupplier when, Runnable alsoDo) {
        Fault fault = new Fault(job, when, alsoDo);
        faults.add(fault);
        return fault;
    }

    /** Everything the pods of a Job printed so far (all attempts), like {@code kubectl logs}. */
    public String logs(String jobNamespace, String jobName) {
        return runs.values().stream()
                .filter(r -> r.namespace.equals(jobNamespace) && r.name.equals(jobName))
                .map(r -> r.log.text())
                .findFirst().orElse("");
    }

    /** Pods started so far for a Job (1 + retries). */
    public int podsStarted(String jobNamespace, String jobName) {
        return runs.values().stream()
                .filter(r -> r.namespace.equals(jobNamespace) && r.name.equals(jobName))
                .mapToInt(r -> r.podsStarted).findFirst().orElse(0);
    }

    private void startInformer() {
        ResourceEventHandler<Job> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                seen(job);
            }

            @Override
            public void onUpdate(Job oldJob, Job job) {
                seen(job);
            }

            @Override
            public void onDelete(Job job, boolean deletedFinalStateUnknown) {
                // Removed without waiting for the finalizer (e.g. a forced delete): stop the pod anyway.
                JobRun run = runs.get(job.getMetadata().getUid());
                if (run != null) {
                    run.terminate("the Job was deleted");
                }
            }
        };
        informer = namespace == null
                ? client.batch().v1().jobs().inAnyNamespace().inform(handler, 0)
                : client.batch().v1().jobs().inNamespace(namespace).inform(handler, 0);
    }

    /** Informer callback: start a run for a new Job, stop it when the Job is being deleted. */
    private void seen(Job job) {
        if (closed.get()) {
            return;
        }
        String uid = job.getMetadata().getUid();
        JobRun run = runs.get(uid);
        if (job.getMetadata().getDeletionTimestamp() != null) {
            if (run != null) {
                run.terminate("the Job was deleted");
            } else {
                // A Job this runner no longer runs (e.g. from before a restart): nothing to wait for.
                removeFinalizer(job.getMetadata().getNamespace(), job.getMetadata().getName());
            }
            return;
        }
        if (run == null && !finished(job)) {
            JobRun fresh = new JobRun(job);
            if (runs.putIfAbsent(uid, fresh) == null) {
                fresh.thread.start();
            }
        }
    }

    private static boolean finished(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream().anyMatch(c -> "True".equals(c.getStatus())
                && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
    }

    /** One Job: its pods, one after the other, and its status. Runs on its own thread. */
    private final class JobRun implements Runnable {
        final String namespace;
        final String name;
        final Job job;
        final Thread thread;
        final PodLog log;
        /** Set once by {@link #terminate}: the Job is being deleted (or the runner closes). */
        volatile String terminateReason;
        volatile int podsStarted;

        JobRun(Job job) {
            this.job = job;
            this.namespace = job.getMetadata().getNamespace();
            this.name = job.getMetadata().getName();
            this.log = new PodLog(echo == null ? null : name);
            this.thread = new Thread(this, "local-job-" + name);
            this.thread.setDaemon(true);
        }

        void terminate(String why) {
            if (terminateReason == null) {
                terminateReason = why;
            }
        }

        @Override
        public void run() {
            try {
                addFinalizer();
                Instant start = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
                Optional<Instant> deadline = Optional.ofNullable(job.getSpec().getActiveDeadlineSeconds())
                        .map(start::plusSeconds);
                int backoffLimit = Optional.ofNullable(job.getSpec().getBackoffLimit()).orElse(6);
                int failed = 0;
                patchStatus(Map.of("startTime", start.toString(), "active", 1));
                while (true) {
                    PodEnd end = runPod(deadline);
                    if (end.kind == PodEnd.Kind.TERMINATED) {
                        return; // the Job is going away: no status to write
                    }
                    if (end.kind == PodEnd.Kind.DEADLINE) {
                        finish(Map.of("active", 0, "failed", failed + 1), "Failed", "DeadlineExceeded",
                                "Job was active longer than specified deadline");
                        return;
                    }
                    if (end.exitCode == 0) {
                        finish(Map.of("active", 0, "succeeded", 1, "completionTime", now()), "Complete", null, null);
                        return;
                    }
                    failed++;
                    Optional<Integer> rule = failJobRule(end.exitCode);
                    if (rule.isPresent()) {
                        finish(Map.of("active", 0, "failed", failed), "Failed", "PodFailurePolicy",
                                "Container " + container().getName() + " for pod " + namespace + "/" + name + "-" + podsStarted
                                        + " failed with exit code " + end.exitCode + " matching FailJob rule at index " + rule.get());
                        return;
                    }
                    if (failed > backoffLimit) {
                        finish(Map.of("active", 0, "failed", failed), "Failed", "BackoffLimitExceeded",
                                "Job has reached the specified backoff limit");
                        return;
                    }
                    patchStatus(Map.of("active", 0, "failed", failed));
                    if (!sleepUnlessStopped(retryBackoff, deadline)) {
                        if (terminateReason != null) {
                            return;
                        }
                        finish(Map.of("active", 0, "failed", failed), "Failed", "DeadlineExceeded",
                                "Job was active longer than specified deadline");
                        return;
                    }
                    patchStatus(Map.of("active", 1));
                }
            } catch (RuntimeException e) {
                log.line("local job runner: " + e);
            } finally {
                removeFinalizer(namespace, name);
            }
        }

        /** One pod: resolve its env, run the runner, stop it on deletion, deadline or an injected fault. */
        private PodEnd runPod(Optional<Instant> deadline) {
            Map<String, String> env;
            while (true) {
                try {
                    env = resolveEnv();
                    break;
                } catch (MissingSecretException e) {
                    // The kubelet keeps such a pod in CreateContainerConfigError and tries again.
                    log.line("local job runner: " + e.getMessage() + "; retrying");
                    if (!sleepUnlessStopped(MISSING_SECRET_RETRY, deadline)) {
                        return terminateReason != null ? PodEnd.terminated() : PodEnd.deadline();
                    }
                }
            }
            podsStarted++;
            log.line("local job runner: starting pod " + podsStarted + " of Job " + namespace + "/" + name);
            Pod pod = new Pod("local-pod-" + name + "-" + podsStarted, log, env, container().getArgs());
            Fault fault = null;
            boolean sigterm = false;
            boolean pastDeadline = false;
            Instant killAt = null;
            while (!pod.awaitExit(POLL)) {
                if (fault == null && !sigterm) {
                    fault = dueFault();
                    if (fault != null) {
                        pod.kill(fault);
                        killAt = Instant.now(clock).plus(MAX_GRACE);
                    }
                }
                if (!sigterm && fault == null) {
                    pastDeadline = deadline.map(d -> !Instant.now(clock).isBefore(d)).orElse(false);
                    if (pastDeadline || terminateReason != null) {
                        pod.sigterm();
                        sigterm = true;
                        killAt = Instant.now(clock).plus(grace());
                    }
                }
                if (killAt != null && Instant.now(clock).isAfter(killAt)) {
                    // The grace period is over: a real kubelet SIGKILLs the process. A thread cannot be
                    // killed; it is abandoned with its status writes cut off.
                    log.line("local job runner: the runner did not stop within its grace period; abandoning it");
                    pod.cutOff();
                    break;
                }
            }
            pod.cutOff();
            // Killed (a fault, or still running after its grace period) reads as SIGKILL, like a kubelet reports it.
            int code = fault != null || pod.exitCode() == null ? KILLED : pod.exitCode();
            log.line("local job runner: pod " + podsStarted + " exited with code " + code
                    + (terminateReason != null ? " (terminated: " + terminateReason + ")"
                    : pastDeadline ? " (terminated: the Job's activeDeadlineSeconds passed)" : ""));
            if (terminateReason != null) {
                return PodEnd.terminated();
            }
            return pastDeadline ? PodEnd.deadline() : PodEnd.exited(code);
        }

        private Fault dueFault() {
            for (Fault f : faults) {
                if (f.fired() || f.taken.get() || !f.job.test(job)) {
                    continue;
                }
                boolean due;
                try {
                    due = f.when.getAsBoolean();
                } catch (RuntimeException e) {
                    due = false; // e.g. the table to count does not exist yet
                }
                if (due && f.taken.compareAndSet(false, true)) {
                    return f;
                }
            }
            return null;
        }

        private Duration grace() {
            Long seconds = job.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            Duration grace = seconds == null ? Duration.ofSeconds(30) : Duration.ofSeconds(seconds);
            return grace.compareTo(MAX_GRACE) > 0 ? MAX_GRACE : grace;
        }

        /** Sleeps; false when the Job was deleted or its deadline passed meanwhile. */
        private boolean sleepUnlessStopped(Duration pause, Optional<Instant> deadline) {
            Instant until = Instant.now(clock).plus(pause);
            while (Instant.now(clock).isBefore(until)) {
                if (terminateReason != null || closed.get()
                        || deadline.map(d -> !Instant.now(clock).isBefore(d)).orElse(false)) {
                    return false;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        private Container container() {
            return job.getSpec().getTemplate().getSpec().getContainers().get(0);
        }

        /** The index of the podFailurePolicy FailJob rule that matches the exit code, if any. */
        private Optional<Integer> failJobRule(int exitCode) {
            if (job.getSpec().getPodFailurePolicy() == null || job.getSpec().getPodFailurePolicy().getRules() == null) {
                return Optional.empty();
            }
            List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
            for (int i = 0; i < rules.size(); i++) {
                PodFailurePolicyRule rule = rules.get(i);
                PodFailurePolicyOnExitCodesRequirement codes = rule.getOnExitCodes();
                if (codes == null || (codes.getContainerName() != null && !codes.getContainerName().equals(container().getName()))) {
                    continue;
                }
                boolean in = codes.getValues().contains(exitCode);
                boolean matches = "In".equals(codes.getOperator()) ? in : !in;
                if (matches) {
                    // Only FailJob ends the Job here; Ignore and Count both lead to a retry below.
                    return "FailJob".equals(rule.getAction()) ? Optional.of(i) : Optional.empty();
                }
            }
            return Optional.empty();
        }

        /** The container's env: node defaults, then its own {@code value}s and {@code secretKeyRef}s. */
        private Map<String, String> resolveEnv() {
            Map<String, String> env = new LinkedHashMap<>(nodeEnv);
            List<EnvVar> vars = container().getEnv() == null ? List.of() : container().getEnv();
            for (EnvVar v : vars) {
                if (v.getValueFrom() == null) {
                    env.put(v.getName(), v.getValue() == null ? "" : v.getValue());
                } else if (v.getValueFrom().getSecretKeyRef() != null) {
                    String value = secretValue(v.getValueFrom().getSecretKeyRef());
                    if (value != null) {
                        env.put(v.getName(), value);
                    }
                } else {
                    throw new IllegalStateException("env " + v.getName() + ": only value and secretKeyRef are supported");
                }
            }
            return env;
        }

        private String secretValue(SecretKeySelector ref) {
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
            if (secret == null) {
                if (optional) {
                    return null;
                }
                throw new MissingSecretException("secret \"" + ref.getName() + "\" not found");
            }
            // A real API server folds stringData into data on write; the mock keeps it as given.
            if (secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())) {
                return secret.getStringData().get(ref.getKey());
            }
            if (secret.getData() != null && secret.getData().containsKey(ref.getKey())) {
                return new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
            }
            if (optional) {
                return null;
            }
            throw new MissingSecretException("couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
        }

        private void finish(Map<String, Object> fields, String type, String reason, String message) {
            Map<String, Object> status = new LinkedHashMap<>(fields);
            JobCondition condition = new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
                    .withMessage(message).withLastProbeTime(now()).withLastTransitionTime(now()).build();
            status.put("conditions", List.of(condition));
            patchStatus(status);
            log.line("local job runner: Job " + namespace + "/" + name + " " + type
                    + (reason == null ? "" : " (" + reason + ")"));
        }

        /** A JSON merge patch of the Job's status, as the Job controller's own updates. */
        private void patchStatus(Map<String, Object> fields) {
            try {
                String patch = client.getKubernetesSerialization().asJson(Map.of("status", fields));
                client.batch().v1().jobs().inNamespace(namespace).withName(name).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            } catch (KubernetesClientException e) {
                // Deleted meanwhile, or the API is going away: nothing left to report to.
                log.line("local job runner: cannot update the status of Job " + namespace + "/" + name + ": " + e.getMessage());
            }
        }

        private void addFinalizer() {
            try {
                client.batch().v1().jobs().inNamespace(namespace).withName(name).edit(j -> {
                    List<String> finalizers = new ArrayList<>(j.getMetadata().getFinalizers());
                    if (!finalizers.contains(FINALIZER)) {
                        finalizers.add(FINALIZER);
                    }
                    j.getMetadata().setFinalizers(finalizers);
                    return j;
                });
            } catch (KubernetesClientException e) {
                log.line("local job runner: cannot add the finalizer to Job " + namespace + "/" + name + ": " + e.getMessage());
            }
        }
    }

    /** Removes this runner's finalizer, so a deleted Job disappears. */
    private void removeFinalizer(String jobNamespace, String jobName) {
        try {
            Job current = client.batch().v1().jobs().inNamespace(jobNamespace).withName(jobName).get();
            if (current == null || !current.getMetadata().getFinalizers().contains(FINALIZER)) {
                return;
            }
            client.batch().v1().jobs().inNamespace(jobNamespace).withName(jobName).edit(j -> {
                List<String> finalizers = new ArrayList<>(j.getMetadata().getFinalizers());
                finalizers.remove(FINALIZER);
                j.getMetadata().setFinalizers(finalizers);
                return j;
            });
        } catch (KubernetesClientException e) {
            // Gone already, or the API is shutting down.
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** How a pod ended. */
    private record PodEnd(Kind kind, int exitCode) {
        enum Kind { EXITED, DEADLINE, TERMINATED }

        static PodEnd exited(int code) {
            return new PodEnd(Kind.EXITED, code);
        }

        static PodEnd deadline() {
            return new PodEnd(Kind.DEADLINE, KILLED);
        }

        static PodEnd terminated() {
            return new PodEnd(Kind.TERMINATED, KILLED);
        }
    }

    /** One runner "process": SyncRunnerMain on a thread of its own, with its own API client and cancel token. */
    private final class Pod {
        private final CancelToken cancel = new CancelToken();
        private final CountDownLatch exited = new CountDownLatch(1);
        private final PodLog log;
        private final AtomicBoolean cut = new AtomicBoolean();
        private volatile KubernetesClient runnerClient;
        private volatile Integer exitCode;

        Pod(String threadName, PodLog log, Map<String, String> env, List<String> args) {
            this.log = log;
            PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
            Thread thread = new Thread(() -> {
                try {
                    exitCode = SyncRunnerMain.execute(args.toArray(String[]::new), out, out, cancel, env, this::newClient);
                } catch (RuntimeException | Error e) {
                    log.line("local job runner: the runner crashed: " + e);
                    exitCode = 1;
                } finally {
                    out.flush();
                    exited.countDown();
                }
            }, threadName);
            thread.setDaemon(true);
            thread.start();
        }

        /** The pod's own API client (run-job closes it when done); closed early by {@link #cutOff()}. */
        private synchronized KubernetesClient newClient() {
            runnerClient = new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
            if (cut.get()) {
                runnerClient.close();
            }
            return runnerClient;
        }

        boolean awaitExit(Duration timeout) {
            try {
                return exited.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }

        Integer exitCode() {
            return exitCode;
        }

        /** SIGTERM: the runner stops at its next checkpoint and exits 4. */
        void sigterm() {
            cancel.cancel("stopped by a termination signal");
        }

        /** SIGKILL as far as a thread allows: no more API writes, the fault's action, stop at once. */
        void kill(Fault fault) {
            cutOff();
            cancel.cancel("killed");
            if (fault.alsoDo != null) {
                try {
                    fault.alsoDo.run();
                } catch (RuntimeException e) {
                    log.line("local job runner: the fault's action failed: " + e);
                }
            }
            fault.fired.countDown();
            log.line("local job runner: pod killed (injected fault)");
        }

        /** Closes the pod's API client: whatever the runner still writes goes nowhere. */
        synchronized void cutOff() {
            cut.set(true);
            if (runnerClient != null) {
                runnerClient.close();
            }
        }
    }

    /** A pod's output, kept in memory (bounded) and optionally echoed with the Job's name. */
    private final class PodLog extends OutputStream {
        private static final int MAX_CHARS = 1 << 20;
        private final String prefix;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder line = new StringBuilder();
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        PodLog(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String s = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                append(s);
            } else {
                pending.write(b);
            }
        }

        synchronized void line(String s) {
            append(s);
        }

        private void append(String s) {
            if (text.length() + s.length() < MAX_CHARS) {
                text.append(s).append('\n');
            }
            if (echo != null && prefix != null) {
                echo.println("[" + prefix + "] " + s);
            }
        }

        synchronized String text() {
            return text.toString();
        }
    }

    private static final class MissingSecretException extends RuntimeException {
        MissingSecretException(String message) {
            super(message);
        }
    }

    /**
     * Stops watching, terminates every running pod (like a node shutting down: SIGTERM, then its
     * grace period), and removes this runner's finalizers so no Job stays stuck in deletion.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (informer != null) {
            informer.close();
        }
        runs.values().forEach(r -> r.terminate("the local job runner is closing"));
        for (JobRun r : runs.values()) {
            try {
                r.thread.join(MAX_GRACE.plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
