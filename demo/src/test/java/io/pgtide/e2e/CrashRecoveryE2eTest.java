package io.pgtide.e2e;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobPhase;
import io.pgtide.api.TableStatus;
import io.pgtide.demo.LocalJobRunner;
import io.pgtide.runner.testing.ScratchDatabase;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A runner pod killed mid-table: the Job's retry resumes from the last checkpoint. */
class CrashRecoveryE2eTest extends E2eTestBase {
    @Test
    void aKilledRunnerIsRetriedAndTheRetryResumesFromTheCheckpoint() throws InterruptedException {
        String ns = cluster.namespace("crash");
        ScratchDatabase source = cluster.source();
        ScratchDatabase target = cluster.emptyTarget();
        Shop.slowDown(target, 1000);
        cluster.readyPair(ns, source, target);
        LocalJobRunner.Fault crash = cluster.kubelet().killWhen(
                job -> job.getMetadata().getNamespace().equals(ns),
                () -> Shop.rows(target, "order_items") >= 2000,
                () -> dropSessions(source, target));

        cluster.syncJob(ns, "shop", "src", "tgt", spec -> spec);

        SyncJob done = cluster.awaitPhase(ns, "shop", SyncJobPhase.Succeeded);
        assertThat(crash.fired()).isTrue();
        Shop.assertSameContents(source, target);
        String jobName = done.getStatus().getRun().getJobName();
        assertThat(cluster.runnerJobsOf(ns, "shop")).singleElement().satisfies((Job job) -> {
            assertThat(job.getMetadata().getName()).isEqualTo(jobName);
            assertThat(job.getStatus().getFailed()).isEqualTo(1);
            assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
        });
        assertThat(cluster.kubelet().podsStarted(ns, jobName)).isEqualTo(2);
        String log = cluster.kubelet().logs(ns, jobName);
        assertThat(log).contains("pod 1 exited with code 137", "pod 2 exited with code 0");
        // The second pod resumed order_items after the first pod's last committed chunk.
        String secondPod = log.substring(log.indexOf("starting pod 2"));
        Matcher resumed = Pattern.compile("public.order_items: resuming after (\\d+) rows").matcher(secondPod);
        assertThat(resumed.find()).as("the retry resumed order_items:%n%s", secondPod).isTrue();
        assertThat(Long.parseLong(resumed.group(1))).isGreaterThanOrEqualTo(2000L);
        TableStatus items = done.getStatus().getTables().stream().filter(t -> t.getName().equals("public.order_items"))
                .findFirst().orElseThrow();
        assertThat(items.getRowsDone()).isEqualTo(Shop.ORDER_ITEMS);
        // The run's counts add up over its pods: every row inserted exactly once.
        assertThat(items.getInserted()).isEqualTo(Shop.ORDER_ITEMS);
    }

    /** What a SIGKILL does to the runner's database sessions: they drop, open transactions roll back. */
    private static void dropSessions(ScratchDatabase source, ScratchDatabase target) {
        try (Connection c = TestPostgres.primary().connect("postgres"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'pgtide-%'"
                    + " AND datname IN ('" + source.name() + "', '" + target.name() + "')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
