package io.pgtide.e2e;

import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.runner.testing.ScratchDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator stops and a new one starts while a run is active: it adopts the run, launching nothing twice. */
class OperatorRestartE2eTest extends E2eTestBase {
    @Test
    void anOperatorRestartedMidRunKeepsTheOneRunnerJobAndTheRunCompletes() throws InterruptedException {
        String ns = cluster.namespace("restart");
        ScratchDatabase source = cluster.source();
        ScratchDatabase target = cluster.emptyTarget();
        Shop.slowDown(target, 1000);
        cluster.readyPair(ns, source, target);
        cluster.syncJob(ns, "shop", "src", "tgt", spec -> spec);
        SyncJob running = cluster.awaitPhase(ns, "shop", SyncJobPhase.Running);
        await().atMost(E2eCluster.PATIENCE).until(() -> Shop.rows(target, "order_items") >= 1000);

        cluster.stopOperator();
        Thread.sleep(1000);
        cluster.startOperator();

        SyncJob done = cluster.awaitPhase(ns, "shop", SyncJobPhase.Succeeded);
        Shop.assertSameContents(source, target);
        assertThat(done.getStatus().getRun().getJobName()).isEqualTo(running.getStatus().getRun().getJobName());
        assertThat(done.getStatus().getRun().getAttempt()).isEqualTo(1);
        assertThat(cluster.runnerJobsOf(ns, "shop")).hasSize(1);
        assertThat(cluster.kubelet().podsStarted(ns, done.getStatus().getRun().getJobName())).isEqualTo(1);
    }
}
