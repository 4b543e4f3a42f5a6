package io.pgtide.operator.syncjob;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pgtide.api.Condition;
import io.pgtide.api.ConditionStatus;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.PgtideOperator;
import io.pgtide.operator.status.Conditions;
import io.pgtide.operator.testing.Connections;
import io.pgtide.operator.testing.Fixtures;
import io.pgtide.operator.testing.MockKubernetes;
import io.pgtide.operator.testing.SyncJobs;
import io.pgtide.operator.testing.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * spec.schedule and the minimum interval between runs, on a clock the test moves forward. The
 * operator's requeue timers run on real time, so after moving the clock a test pokes the SyncJob
 * where the timer would have fired. Each test starts the operator on a fresh clock: a clock a day
 * ahead of the mock API's creation timestamps would make every new schedule due at once.
 */
class SyncJobScheduleTest {
    private static final Duration MIN_RUN_INTERVAL = Duration.ofSeconds(60);
    private static final OperatorConfig CONFIG = OperatorConfig.defaults().withQueueRecheckInterval(Duration.ofSeconds(1))
            .withMinRunInterval(MIN_RUN_INTERVAL);

    private static MockKubernetes kube;
    private static KubernetesClient client;
    private static Connections connections;
    private static SyncJobs syncJobs;
    private TestClock clock;
    private PgtideOperator operator;

    @BeforeAll
    static void startKubernetes() {
        kube = new MockKubernetes();
        client = kube.client();
        connections = new Connections(client);
        syncJobs = new SyncJobs(client);
    }

    @AfterAll
    static void stopKubernetes() {
        kube.close();
    }

    @BeforeEach
    void startOperator() {
        clock = new TestClock();
        operator = PgtideOperator.start(client, CONFIG, false, clock);
    }

    @AfterEach
    void stopOperator() {
        operator.close();
    }

    @Test
    void aScheduleStartsARunAtEachTimeAndSkipsTimesThatPassWhileOneRuns() {
        String ns = kube.newNamespace("hourly");
        connections.readyPair(ns);
        create(ns, "orders", "0 * * * *");

        SyncJob waiting = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Pending);
        assertThat(waiting.getStatus().getReason()).isEqualTo(SyncJobStateMachine.WAITING_FOR_SCHEDULE);
        Instant first = nextScheduled(waiting);
        assertThat(first).isAfter(clock.instant()).isBefore(clock.instant().plus(Duration.ofHours(1)));
        assertThat(waiting.getStatus().getMessage()).contains("the next run starts at " + first);
        assertThat(condition(waiting, Condition.RECONCILING).getStatus()).isEqualTo(ConditionStatus.False);
        assertThat(syncJobs.runnerJobs(ns)).isEmpty();

        clock.advanceTo(first.plusSeconds(2));
        SyncJob firstRun = awaitAfterPoke(ns, "orders", j -> j.getStatus().getPhase() == SyncJobPhase.Running);
        assertThat(firstRun.getStatus().getRun().getScheduledTime()).isEqualTo(first.toString());
        assertThat(nextScheduled(firstRun)).isEqualTo(first.plus(Duration.ofHours(1)));

        // The next hour passes while the first run is still going: skipped, not queued up.
        clock.advance(Duration.ofMinutes(75));
        SyncJob stillRunning = awaitAfterPoke(ns, "orders",
                j -> first.plus(Duration.ofHours(2)).equals(nextScheduled(j)));
        assertThat(stillRunning.getStatus().getPhase()).isEqualTo(SyncJobPhase.Running);
        assertThat(stillRunning.getStatus().getRun().getId()).isEqualTo(firstRun.getStatus().getRun().getId());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(syncJobs.runnerJobs(ns)).hasSize(1));

        syncJobs.completeJob(ns, firstRun.getStatus().getRun().getJobName());
        SyncJob done = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Succeeded);
        Instant third = first.plus(Duration.ofHours(2));
        assertThat(nextScheduled(done)).isEqualTo(third);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(syncJobs.runnerJobs(ns)).hasSize(1));

        clock.advanceTo(third.plusSeconds(2));
        SyncJob secondRun = awaitAfterPoke(ns, "orders", j -> j.getStatus().getPhase() == SyncJobPhase.Running);
        assertThat(secondRun.getStatus().getRun().getScheduledTime()).isEqualTo(third.toString());
        assertThat(secondRun.getStatus().getRun().getId()).isNotEqualTo(firstRun.getStatus().getRun().getId());
        assertThat(secondRun.getStatus().getRun().getAttempt()).isEqualTo(1);
        assertThat(syncJobs.runnerJobsOf(ns, "orders")).hasSize(2);
    }

    @Test
    void timesMissedWhileNobodyLookedStartOneRunNotOneEach() {
        String ns = kube.newNamespace("missed");
        connections.readyPair(ns);
        create(ns, "orders", "*/5 * * * *");
        Instant first = nextScheduled(syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Pending));

        // A day of five-minute times goes by unseen (the operator was down, say).
        clock.advance(Duration.ofDays(1));
        SyncJob catchUp = awaitAfterPoke(ns, "orders", j -> j.getStatus().getPhase() == SyncJobPhase.Running);
        assertThat(catchUp.getStatus().getRun().getScheduledTime()).isEqualTo(first.toString());

        syncJobs.completeJob(ns, catchUp.getStatus().getRun().getJobName());
        SyncJob done = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Succeeded);
        assertThat(nextScheduled(done)).isAfter(clock.instant()).isBefore(clock.instant().plus(Duration.ofMinutes(5)));
        syncJobs.poke(ns, "orders");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(syncJobs.runnerJobs(ns)).hasSize(1);
            assertThat(syncJobs.get(ns, "orders").getStatus().getPhase()).isEqualTo(SyncJobPhase.Succeeded);
        });
    }

    @Test
    void anInvalidScheduleBlocksTheJobUntilItIsFixed() {
        String ns = kube.newNamespace("badcron");
        connections.readyPair(ns);
        // Five fields, so the CRD's pattern lets it through; hour 25 does not exist.
        create(ns, "orders", "0 25 * * *");

        SyncJob blocked = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Blocked);
        assertThat(blocked.getStatus().getReason()).isEqualTo(Blocker.INVALID_SPEC);
        assertThat(blocked.getStatus().getMessage())
                .isEqualTo("spec.schedule '0 25 * * *' is not a valid cron expression: Value 25 not in range [0, 23]");
        assertThat(blocked.getStatus().getNextScheduledRunTime()).isNull();

        syncJobs.edit(ns, "orders", j -> {
            j.getSpec().setSchedule("0 3 * * *");
            return j;
        });

        SyncJob waiting = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Pending);
        assertThat(nextScheduled(waiting)).isNotNull();
        assertThat(syncJobs.runnerJobs(ns)).isEmpty();
    }

    @Test
    void aRerunSoonerThanTheMinimumIntervalWaitsInQueuedThenStarts() {
        String ns = kube.newNamespace("toosoon");
        connections.readyPair(ns);
        client.resource(Fixtures.syncJob(ns, "orders", "src", "tgt", "public.orders")).create();
        SyncJob first = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Running);
        Instant firstStart = Instant.parse(first.getStatus().getRun().getStartTime());
        syncJobs.completeJob(ns, first.getStatus().getRun().getJobName());
        syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Succeeded);

        syncJobs.edit(ns, "orders", j -> {
            j.getSpec().setRerunNonce("again");
            return j;
        });

        SyncJob queued = syncJobs.awaitPhase(ns, "orders", SyncJobPhase.Queued);
        assertThat(queued.getStatus().getReason()).isEqualTo(SyncJobStateMachine.RERUN_TOO_SOON);
        assertThat(queued.getStatus().getMessage()).contains("this run starts at " + firstStart.plus(MIN_RUN_INTERVAL))
                .contains(OperatorConfig.MIN_RUN_INTERVAL_SECONDS);
        assertThat(syncJobs.runnerJobs(ns)).hasSize(1);

        clock.advanceTo(firstStart.plus(MIN_RUN_INTERVAL).minusSeconds(1));
        syncJobs.poke(ns, "orders");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(syncJobs.get(ns, "orders").getStatus().getPhase()).isEqualTo(SyncJobPhase.Queued));

        clock.advance(Duration.ofSeconds(1));
        SyncJob second = awaitAfterPoke(ns, "orders", j -> j.getStatus().getPhase() == SyncJobPhase.Running);
        assertThat(second.getStatus().getRun().getId()).isNotEqualTo(first.getStatus().getRun().getId());
        assertThat(second.getStatus().getRun().getStartTime()).isEqualTo(firstStart.plus(MIN_RUN_INTERVAL).toString());
        assertThat(syncJobs.runnerJobsOf(ns, "orders")).hasSize(2);
    }

    private static void create(String ns, String name, String schedule) {
        SyncJob job = Fixtures.syncJob(ns, name, "src", "tgt", "public.orders");
        job.getSpec().setSchedule(schedule);
        client.resource(job).create();
    }

    /** Pokes the SyncJob, as its requeue timer would at the clock's new time, and waits for the state wanted. */
    private static SyncJob awaitAfterPoke(String ns, String name, Predicate<SyncJob> wanted) {
        syncJobs.poke(ns, name);
        return await().atMost(Duration.ofSeconds(30)).until(() -> syncJobs.get(ns, name),
                j -> j.getStatus() != null && wanted.test(j));
    }

    private static Instant nextScheduled(SyncJob job) {
        String next = job.getStatus().getNextScheduledRunTime();
        return next == null ? null : Instant.parse(next);
    }

    private static Condition condition(SyncJob job, String type) {
        return Conditions.find(job.getStatus().getConditions(), type).orElseThrow();
    }
}
