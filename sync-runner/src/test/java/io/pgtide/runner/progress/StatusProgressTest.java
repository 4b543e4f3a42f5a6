package io.pgtide.runner.progress;

import io.pgtide.api.Progress;
import io.pgtide.api.TablePhase;
import io.pgtide.api.TableStatus;
import io.pgtide.runner.sync.RunResult;
import io.pgtide.runner.sync.TableResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The status throttle: few writes however often the engine reports, and always a final one. */
class StatusProgressTest {
    private record Write(long nanos, Progress progress, List<TableStatus> tables) {
    }

    @Test
    void writesAtMostOncePerIntervalPlusTheFinalState() throws Exception {
        List<Write> writes = new CopyOnWriteArrayList<>();
        StatusProgress status = new StatusProgress((p, t) -> writes.add(new Write(System.nanoTime(), p, t)),
                List.of("orders"), Duration.ofMillis(200), message -> {
        });

        status.tableStarted("public.orders", 100_000, 0);
        long end = System.nanoTime() + Duration.ofMillis(1_000).toNanos();
        long rows = 0;
        while (System.nanoTime() < end) {
            rows += 10;
            status.rowsCopied("public.orders", rows);
            Thread.sleep(1);
        }
        status.tableFinished(new TableResult("public.orders", TableResult.Status.SYNCED, rows, rows, 0, 0, 0, 0,
                Duration.ofSeconds(1), null));
        status.runFinished(new RunResult("id", List.of(), List.of(), Duration.ofSeconds(1), false, false, null));
        status.close();

        // Hundreds of reports in a second: about one write per 200 ms, not one per report.
        assertThat(writes).hasSizeBetween(4, 8);
        List<Write> periodic = writes.subList(0, writes.size() - 1);
        for (int i = 1; i < periodic.size(); i++) {
            assertThat(Duration.ofNanos(periodic.get(i).nanos() - periodic.get(i - 1).nanos()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(190));
        }
        Write last = writes.get(writes.size() - 1);
        assertThat(last.progress().getRowsDone()).isEqualTo(rows);
        assertThat(last.progress().getPercent()).isEqualTo(100);
        assertThat(last.tables()).singleElement().satisfies(t -> {
            assertThat(t.getName()).isEqualTo("orders");
            assertThat(t.getPhase()).isEqualTo(TablePhase.Succeeded);
        });
    }

    @Test
    void aFailingWriteIsReportedOnceAndRetriedWithTheLatestState() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        List<Progress> written = new CopyOnWriteArrayList<>();
        AtomicBoolean apiDown = new AtomicBoolean(true);
        StatusProgress status = new StatusProgress((p, t) -> {
            if (apiDown.get()) {
                throw new IllegalStateException("connection refused");
            }
            written.add(p);
        }, List.of("orders"), Duration.ofMillis(50), warnings::add);

        status.tableStarted("public.orders", 10, 0);
        Thread.sleep(300);
        status.rowsCopied("public.orders", 7);
        apiDown.set(false);
        status.close();

        assertThat(warnings).containsExactly("could not update the SyncJob status: connection refused");
        assertThat(written).last().satisfies(p -> assertThat(p.getRowsDone()).isEqualTo(7));
    }

    @Test
    void theCurrentRateLimitIsInTheProgress() throws Exception {
        List<Progress> written = new CopyOnWriteArrayList<>();
        StatusProgress status = new StatusProgress((p, t) -> written.add(p), List.of("orders"), Duration.ofHours(1),
                message -> {
                });
        Thread.sleep(100); // the first periodic write, before any limit
        status.rateLimitChanged(4_000, "maxRowsPerSecond");
        status.rateLimitChanged(2_000, "slowing down");
        status.close();
        StatusProgress lifted = new StatusProgress((p, t) -> written.add(p), List.of("orders"), Duration.ofHours(1),
                message -> {
                });
        lifted.rateLimitChanged(1_000, "slowing down");
        lifted.rateLimitChanged(0, "speeding up");
        lifted.close();

        assertThat(written.get(0).getRateLimitRowsPerSecond()).isNull();
        assertThat(written.get(1).getRateLimitRowsPerSecond()).isEqualTo(2_000);
        // Lifted again: absent, as when writes were never limited.
        assertThat(written).last().satisfies(p -> assertThat(p.getRateLimitRowsPerSecond()).isNull());
    }
}
