package io.pgtide.runner.preview;

import io.pgtide.runner.sync.Finding;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** A whole preview: per table what a sync would do (in foreign-key order), the validation warnings, and notes. */
public record PreviewResult(List<TableDiff> tables, List<Finding> warnings, List<String> notes, Duration duration) {
    public PreviewResult {
        tables = List.copyOf(tables);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    public long total(java.util.function.ToLongFunction<TableDiff> count) {
        return tables.stream().mapToLong(count).sum();
    }

    /** One line for people and a kubectl column: "+120 ~30 -5 =10,000 in 3 tables", plus skipped and conflicting rows when there are any. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append('+').append(n(total(TableDiff::toInsert)))
                .append(" ~").append(n(total(TableDiff::toUpdate)))
                .append(" -").append(n(total(TableDiff::toDelete)))
                .append(" =").append(n(total(TableDiff::unchanged)));
        long skip = total(TableDiff::toSkip);
        if (skip > 0) {
            s.append(" (").append(n(skip)).append(" skipped)");
        }
        long conflicts = total(TableDiff::conflicts);
        if (conflicts > 0) {
            s.append(" (").append(n(conflicts)).append(" conflicting)");
        }
        s.append(" in ").append(tables.size()).append(tables.size() == 1 ? " table" : " tables");
        return s.toString();
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
