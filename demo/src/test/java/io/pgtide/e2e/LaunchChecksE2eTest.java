package io.pgtide.e2e;

import io.pgtide.api.Environment;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.runner.testing.ScratchDatabase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A SyncJob that may not start yet waits in Blocked, and runs once the cause is fixed. */
class LaunchChecksE2eTest extends E2eTestBase {
    @Test
    void aProductionTargetWithoutTheConfirmationIsBlockedAndRunsOnceItIsGiven() {
        String ns = cluster.namespace("prod");
        ScratchDatabase source = cluster.source();
        ScratchDatabase target = cluster.emptyTarget();
        cluster.createSecret(ns, E2eCluster.SECRET);
        cluster.connection(ns, "src", source, Environment.Development, E2eCluster.SECRET);
        cluster.connection(ns, "tgt", target, Environment.Production, E2eCluster.SECRET);
        cluster.awaitConnectionReady(ns, "src");
        cluster.awaitConnectionReady(ns, "tgt");
        cluster.syncJob(ns, "shop", "src", "tgt", spec -> spec);

        SyncJob blocked = cluster.awaitPhase(ns, "shop", SyncJobPhase.Blocked);
        assertThat(blocked.getStatus().getReason()).isEqualTo("ConfirmationRequired");
        assertThat(blocked.getStatus().getMessage()).contains("productionConfirmation");
        assertThat(cluster.runnerJobsOf(ns, "shop")).isEmpty();
        assertThat(Shop.rows(target, "customers")).isZero();

        cluster.patchSpec(ns, "shop", Map.of("productionConfirmation", "tgt"));

        cluster.awaitPhase(ns, "shop", SyncJobPhase.Succeeded);
        Shop.assertSameContents(source, target);
    }

    @Test
    void aConnectionWhoseSecretIsMissingBlocksTheJobUntilTheSecretIsCreated() {
        String ns = cluster.namespace("notready");
        ScratchDatabase source = cluster.source();
        ScratchDatabase target = cluster.emptyTarget();
        cluster.createSecret(ns, "src-credentials");
        cluster.connection(ns, "src", source, Environment.Development, "src-credentials");
        cluster.connection(ns, "tgt", target, Environment.Development, "tgt-credentials");
        cluster.awaitConnectionReady(ns, "src");
        cluster.syncJob(ns, "shop", "src", "tgt", spec -> spec);

        SyncJob blocked = cluster.awaitPhase(ns, "shop", SyncJobPhase.Blocked);
        assertThat(blocked.getStatus().getReason()).isEqualTo("ConnectionNotReady");
        assertThat(blocked.getStatus().getMessage()).contains("tgt");
        assertThat(cluster.runnerJobsOf(ns, "shop")).isEmpty();

        cluster.createSecret(ns, "tgt-credentials");

        cluster.awaitConnectionReady(ns, "tgt");
        cluster.awaitPhase(ns, "shop", SyncJobPhase.Succeeded);
        Shop.assertSameContents(source, target);
    }
}
