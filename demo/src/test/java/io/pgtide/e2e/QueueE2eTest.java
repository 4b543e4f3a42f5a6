package io.pgtide.e2e;

import io.pgtide.api.Environment;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.runner.testing.ScratchDatabase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-namespace limit of 3 running SyncJobs, with real runs that take a while. */
class QueueE2eTest extends E2eTestBase {
    @Test
    void aFourthSyncJobWaitsInQueuedWhileThreeRunThenRunsAndAllSucceed() {
        String ns = cluster.namespace("queue");
        ScratchDatabase source = cluster.source();
        cluster.createSecret(ns, E2eCluster.SECRET);
        cluster.connection(ns, "src", source, Environment.Development, E2eCluster.SECRET);
        List<ScratchDatabase> targets = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ScratchDatabase target = cluster.emptyTarget();
            if (i < 4) {
                // Slow enough (about 6 s per run) that the first three still run when the fourth arrives.
                Shop.slowDown(target, 1000);
            }
            targets.add(target);
            cluster.connection(ns, "tgt-" + i, target, Environment.Development, E2eCluster.SECRET);
        }
        cluster.awaitConnectionReady(ns, "src");
        for (int i = 1; i <= 4; i++) {
            cluster.awaitConnectionReady(ns, "tgt-" + i);
        }

        for (int i = 1; i <= 3; i++) {
            cluster.syncJob(ns, "job-" + i, "src", "tgt-" + i, spec -> spec);
            cluster.awaitPhase(ns, "job-" + i, SyncJobPhase.Running);
        }
        try (PhaseHistory fourth = new PhaseHistory(cluster.client(), ns, "job-4")) {
            cluster.syncJob(ns, "job-4", "src", "tgt-4", spec -> spec);
            SyncJob queued = cluster.awaitPhase(ns, "job-4", SyncJobPhase.Queued);
            assertThat(queued.getStatus().getReason()).isEqualTo("RunLimitReached");
            assertThat(cluster.runnerJobsOf(ns, "job-4")).isEmpty();
            assertThat(List.of("job-1", "job-2", "job-3")).allSatisfy(name ->
                    assertThat(cluster.get(ns, name).getStatus().getPhase()).isEqualTo(SyncJobPhase.Running));

            for (int i = 1; i <= 4; i++) {
                cluster.awaitPhase(ns, "job-" + i, SyncJobPhase.Succeeded);
            }
            assertThat(fourth.phases()).containsSubsequence(SyncJobPhase.Queued, SyncJobPhase.Running, SyncJobPhase.Succeeded);
        }
        for (int i = 1; i <= 4; i++) {
            assertThat(cluster.runnerJobsOf(ns, "job-" + i)).hasSize(1);
            Shop.assertSameContents(source, targets.get(i - 1));
        }
    }
}
