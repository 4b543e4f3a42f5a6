package io.pgtide.e2e;

import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.runner.testing.ScratchDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** spec.timeout becomes the Job's activeDeadlineSeconds; a run that overruns it fails with DeadlineExceeded. */
class DeadlineE2eTest extends E2eTestBase {
    @Test
    void aRunLongerThanItsTimeoutFailsWithDeadlineExceeded() {
        String ns = cluster.namespace("deadline");
        ScratchDatabase source = cluster.source();
        ScratchDatabase target = cluster.emptyTarget();
        Shop.slowDown(target, 3000); // about 18 s for order_items alone
        cluster.readyPair(ns, source, target);
        // 5s is below the CRD's CEL minimum of 1m; the mock API does not evaluate CEL, and a test cannot wait minutes.
        cluster.syncJob(ns, "shop", "src", "tgt", spec -> {
            spec.setTimeout("5s");
            return spec;
        });

        SyncJob failed = cluster.awaitPhase(ns, "shop", SyncJobPhase.Failed, Duration.ofSeconds(45));
        assertThat(failed.getStatus().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(cluster.runnerJobsOf(ns, "shop")).singleElement().satisfies(job -> {
            assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(5L);
            assertThat(job.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Failed");
                assertThat(c.getReason()).isEqualTo("DeadlineExceeded");
            });
        });
        assertThat(Shop.rows(target, "order_items")).isLessThan(Shop.ORDER_ITEMS);
    }
}
