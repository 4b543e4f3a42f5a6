package io.pgtide.e2e;

import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.TableStatus;
import io.pgtide.runner.testing.ScratchDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** spec.suspend stops a run at a checkpoint; clearing it resumes the same run from there. */
class SuspendResumeE2eTest extends E2eTestBase {
    @Test
    void aRunSuspendedMidTableResumesFromItsCheckpointWithoutDuplicates() {
        String ns = cluster.namespace("suspend");
        ScratchDatabase source = cluster.source();
        ScratchDatabase target = cluster.emptyTarget();
        Shop.slowDown(target, 1000);
        cluster.readyPair(ns, source, target);
        cluster.syncJob(ns, "shop", "src", "tgt", spec -> spec);
        SyncJob running = cluster.awaitPhase(ns, "shop", SyncJobPhase.Running);
        String firstJob = running.getStatus().getRun().getJobName();
        await().atMost(E2eCluster.PATIENCE).until(() -> Shop.rows(target, "order_items") >= 1000);

        cluster.patchSpec(ns, "shop", Map.of("suspend", true));

        SyncJob suspended = cluster.awaitPhase(ns, "shop", SyncJobPhase.Suspended);
        assertThat(suspended.getStatus().getReason()).isEqualTo("Suspended");
        // The Job stays until its runner has stopped (foreground deletion), then it is gone.
        await().atMost(E2eCluster.PATIENCE).until(() -> cluster.runnerJobsOf(ns, "shop").isEmpty());
        assertThat(cluster.kubelet().logs(ns, firstJob)).contains("exited with code 4");
        long atSuspend = Shop.rows(target, "order_items");
        assertThat(atSuspend).isBetween(1000L, Shop.ORDER_ITEMS - 1L);
        // Nothing writes while suspended.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> Shop.rows(target, "order_items") == atSuspend);

        cluster.patchSpec(ns, "shop", Map.of("suspend", false));

        SyncJob done = cluster.awaitPhase(ns, "shop", SyncJobPhase.Succeeded);
        Shop.assertSameContents(source, target);
        assertThat(done.getStatus().getRun().getAttempt()).isEqualTo(2);
        assertThat(done.getStatus().getRun().getId()).isEqualTo(running.getStatus().getRun().getId());
        String secondJob = done.getStatus().getRun().getJobName();
        assertThat(secondJob).isNotEqualTo(firstJob);
        // The resumed pod skipped what the first one had committed (the run's counts add both pods up).
        assertThat(cluster.kubelet().logs(ns, secondJob))
                .containsPattern("public.order_items: resuming after (\\d+) rows committed by an earlier run")
                .doesNotContain("public.customers: started");
        TableStatus items = done.getStatus().getTables().stream().filter(t -> t.getName().equals("public.order_items"))
                .findFirst().orElseThrow();
        assertThat(items.getRowsDone()).isEqualTo(Shop.ORDER_ITEMS);
        assertThat(items.getInserted()).isEqualTo(Shop.ORDER_ITEMS);
        assertThat(resumedAfter(cluster.kubelet().logs(ns, secondJob))).isEqualTo(atSuspend);
    }

    private static long resumedAfter(String log) {
        Matcher m = Pattern.compile("public.order_items: resuming after (\\d+) rows").matcher(log);
        assertThat(m.find()).as("a resume line in the log").isTrue();
        return Long.parseLong(m.group(1));
    }
}
