package io.pgtide.e2e;

import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.TablePhase;
import io.pgtide.api.TableStatus;
import io.pgtide.runner.testing.ScratchDatabase;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A SyncJob from creation to Succeeded: the operator launches a runner Job, the runner copies every table. */
class HappyPathE2eTest extends E2eTestBase {
    @Test
    void aSyncJobGoesFromPendingThroughRunningToSucceededAndTheTargetEqualsTheSource() {
        String ns = cluster.namespace("happy");
        ScratchDatabase source = cluster.source();
        ScratchDatabase target = cluster.emptyTarget();
        cluster.readyPair(ns, source, target);

        SyncJob done;
        try (PhaseHistory history = new PhaseHistory(cluster.client(), ns, "shop")) {
            cluster.syncJob(ns, "shop", "src", "tgt", spec -> spec);
            done = cluster.awaitPhase(ns, "shop", SyncJobPhase.Succeeded);
            assertThat(history.phases()).containsExactly(SyncJobPhase.Pending, SyncJobPhase.Running, SyncJobPhase.Succeeded);
        }

        Shop.assertSameContents(source, target);
        assertThat(done.getStatus().getReason()).isEqualTo("RunSucceeded");
        assertThat(done.getStatus().getRun().getCompletionTime()).isNotNull();
        assertThat(done.getStatus().getProgress().getTablesTotal()).isEqualTo(4);
        assertThat(done.getStatus().getProgress().getTablesDone()).isEqualTo(4);
        assertThat(done.getStatus().getProgress().getPercent()).isEqualTo(100);
        assertThat(done.getStatus().getProgress().getRowsDone()).isEqualTo(10_200L);
        Map<String, TableStatus> tables = done.getStatus().getTables().stream()
                .collect(Collectors.toMap(TableStatus::getName, Function.identity()));
        assertThat(tables).containsOnlyKeys(Shop.TABLES);
        assertThat(tables.values()).allSatisfy(t -> assertThat(t.getPhase()).isEqualTo(TablePhase.Succeeded));
        for (String table : Shop.TABLES) {
            long rows = Shop.rows(source, table);
            assertThat(tables.get(table).getRowsDone()).as(table).isEqualTo(rows);
            assertThat(tables.get(table).getInserted()).as(table).isEqualTo(rows);
        }
        assertThat(cluster.runnerJobsOf(ns, "shop")).singleElement().satisfies(job -> {
            assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
            assertThat(job.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getType()).isEqualTo("Complete"));
        });
    }
}
