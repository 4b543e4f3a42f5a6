package io.pgtide.runner.progress;

import io.pgtide.runner.sync.Finding;
import io.pgtide.runner.sync.RunResult;
import io.pgtide.runner.sync.TableResult;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Human-readable progress: on a terminal a progress bar per table (rows, percent, rate, ETA);
 * otherwise one line per table every few seconds, so logs stay readable. Ends with the summary.
 */
public final class TextProgress implements ProgressListener {
    static final long LINE_INTERVAL_MILLIS = 5_000;

    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, TableState> tables = new ConcurrentHashMap<>();
    /** The last rate limit reported (0: none), null before the first. */
    private Long rateLimit;

    private static final class TableState {
        final long startMillis = System.currentTimeMillis();
        final long estimated;
        final long startRows;
        volatile long lastLineMillis = System.currentTimeMillis();
        ProgressBar bar;

        TableState(long estimated, long startRows) {
            this.estimated = estimated;
            this.startRows = startRows;
        }
    }

    public TextProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void findings(List<Finding> findings) {
        for (Finding f : findings) {
            out.println(f);
        }
    }

    @Override
    public synchronized void message(String text) {
        if (terminal && tables.values().stream().anyMatch(t -> t.bar != null)) {
            // A bar redraws its own line without a newline: clear it first so that the message gets
            // a line of its own; the bar draws itself again below on its next tick.
            out.print("\r\033[K");
        }
        out.println(text);
    }

    @Override
    public synchronized void tableStarted(String table, long estimatedRows, long alreadyDone) {
        TableState state = new TableState(estimatedRows, alreadyDone);
        if (terminal) {
            state.bar = new ProgressBarBuilder()
                    .setTaskName(table)
                    .setInitialMax(Math.max(estimatedRows, alreadyDone))
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" rows", 1)
                    .showSpeed()
                    .setUpdateIntervalMillis(500)
                    .startsFrom(alreadyDone, Duration.ZERO)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
                    .build();
        } else {
            out.println(table + ": started" + (estimatedRows > 0 ? ", about " + SummaryTable.n(estimatedRows) + " rows" : "")
                    + (alreadyDone > 0 ? ", resuming after " + SummaryTable.n(alreadyDone) + " rows" : ""));
        }
        tables.put(table, state);
    }

    @Override
    public void rowsCopied(String table, long rowsDone) {
        TableState state = tables.get(table);
        if (state == null) {
            return;
        }
        if (state.bar != null) {
            if (rowsDone > state.bar.getMax()) {
                state.bar.maxHint(rowsDone);
            }
            state.bar.stepTo(rowsDone);
            return;
        }
        long now = System.currentTimeMillis();
        if (now - state.lastLineMillis >= LINE_INTERVAL_MILLIS) {
            state.lastLineMillis = now;
            double rate = Rates.rowsPerSecond(rowsDone - state.startRows, now - state.startMillis);
            int percent = Rates.percent(rowsDone, state.estimated);
            synchronized (this) {
                out.println(String.format(Locale.ROOT, "%s: %s rows%s, %,.0f rows/s, ETA %s", table, SummaryTable.n(rowsDone),
                        percent >= 0 ? " (" + percent + "%)" : "", rate,
                        Rates.duration(Rates.etaSeconds(rowsDone, state.estimated, rate))));
            }
        }
    }

    @Override
    public synchronized void tableFinished(TableResult result) {
        TableState state = tables.remove(result.table());
        if (state != null && state.bar != null) {
            state.bar.maxHint(Math.max(result.rowsRead(), 1));
            state.bar.stepTo(result.rowsRead());
            state.bar.close();
        }
        out.println(result.table() + ": " + result.status().label() + " (" + SummaryTable.n(result.rowsRead()) + " rows read, "
                + SummaryTable.seconds(result.duration().toMillis()) + ")"
                + (result.error() != null ? " - " + result.error() : ""));
    }

    @Override
    public synchronized void rateLimitChanged(long rowsPerSecond, String why) {
        String from = "";
        if (rateLimit != null) {
            from = rateLimit == 0 ? "no limit -> " : SummaryTable.n(rateLimit) + (rowsPerSecond == 0 ? " rows/s" : "") + " -> ";
        }
        rateLimit = rowsPerSecond;
        message("rate limit: " + from + (rowsPerSecond == 0 ? "no limit" : SummaryTable.n(rowsPerSecond) + " rows/s")
                + " (" + why + ")");
    }

    @Override
    public synchronized void runFinished(RunResult result) {
        SummaryTable.print(result, out);
    }
}
