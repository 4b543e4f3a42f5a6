package io.pgtide.runner.progress;

import io.pgtide.runner.sync.RunResult;
import io.pgtide.runner.sync.TableResult;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The final per-table summary in plain text. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static void print(RunResult result, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"TABLE", "RESULT", "READ", "INSERTED", "UPDATED", "DELETED", "UNCHANGED", "SKIPPED", "DURATION"});
        for (TableResult t : result.tables()) {
            rows.add(new String[]{t.table(), t.status().label(), n(t.rowsRead()), n(t.inserted()), n(t.updated()),
                    n(t.deleted()), n(t.unchanged()), n(t.skipped()), seconds(t.duration().toMillis())});
        }
        out.println();
        TextTable.print(out, rows, column -> column >= 2);
        for (TableResult t : result.tables()) {
            if (t.error() != null) {
                out.println(t.table() + " " + t.status().label() + ": " + t.error());
            }
        }
        out.println();
        String reason = result.interruptReason() == null ? "" : " (" + result.interruptReason() + ")";
        out.println("Sync " + result.outcome() + reason + " in " + seconds(result.duration().toMillis())
                + ", job " + result.jobId() + ".");
        if (result.rollback() != null) {
            out.println(capitalize(result.rollback().message()) + ".");
        }
        if (result.interrupted()) {
            out.println("Run the same command again to resume from the last checkpoint (or add --restart to start over).");
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
