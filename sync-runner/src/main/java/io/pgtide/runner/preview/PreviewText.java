package io.pgtide.runner.preview;

import io.pgtide.runner.progress.TextTable;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The preview as plain text: one line per table, sample keys and warnings, and a total line. */
public final class PreviewText {
    private PreviewText() {
    }

    public static void print(PreviewResult result, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"TABLE", "SOURCE ROWS", "INSERT", "UPDATE", "DELETE", "UNCHANGED", "SKIP", "METHOD"});
        for (TableDiff t : result.tables()) {
            rows.add(new String[]{t.table(), PreviewResult.n(t.sourceRows()), PreviewResult.n(t.toInsert()),
                    PreviewResult.n(t.toUpdate()), PreviewResult.n(t.toDelete()), PreviewResult.n(t.unchanged()),
                    PreviewResult.n(t.toSkip()), t.method()});
        }
        out.println();
        int last = rows.get(0).length - 1;
        TextTable.print(out, rows, column -> column >= 1 && column < last);
        for (TableDiff t : result.tables()) {
            for (TableDiff.Kind kind : TableDiff.Kind.values()) {
                List<String> keys = t.samples(kind);
                if (!keys.isEmpty()) {
                    out.println(t.table() + " " + kind.label() + ": " + String.join(", ", keys)
                            + (count(t, kind) > keys.size() ? ", ..." : ""));
                }
            }
            for (String w : t.warnings()) {
                out.println(t.table() + " note: " + w);
            }
        }
        out.println();
        out.println("Preview: " + result.summary() + " (insert ~update -delete =unchanged), computed in "
                + String.format(java.util.Locale.ROOT, "%.1fs", result.duration().toMillis() / 1000.0)
                + ". Nothing was written; run sync with the same options to apply it.");
    }

    static long count(TableDiff t, TableDiff.Kind kind) {
        return switch (kind) {
            case INSERT -> t.toInsert();
            case UPDATE -> t.toUpdate();
            case DELETE -> t.toDelete();
            case SKIP -> t.toSkip();
            case CONFLICT -> t.conflicts();
        };
    }
}
