package io.pgtide.runner.preview;

import io.pgtide.api.Preview;
import io.pgtide.api.PreviewSamples;
import io.pgtide.api.TablePreview;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** A preview as the SyncJob's {@code status.preview}. */
public final class PreviewStatus {
    private PreviewStatus() {
    }

    public static Preview toApi(PreviewResult result, int sampleCount) {
        Preview p = new Preview();
        p.setGeneratedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        p.setSummary(result.summary());
        List<TablePreview> tables = new ArrayList<>();
        for (TableDiff t : result.tables()) {
            TablePreview tp = new TablePreview();
            tp.setName(t.table());
            tp.setToInsert(t.toInsert());
            tp.setToUpdate(t.toUpdate());
            tp.setToDelete(t.toDelete());
            tp.setUnchanged(t.unchanged());
            tp.setToSkip(t.toSkip());
            tp.setConflicts(t.conflicts());
            List<String> changing = new ArrayList<>();
            for (TableDiff.Kind kind : List.of(TableDiff.Kind.INSERT, TableDiff.Kind.UPDATE, TableDiff.Kind.DELETE)) {
                changing.addAll(t.samples(kind));
            }
            tp.setSampleKeys(changing.isEmpty() ? null : changing.subList(0, Math.min(sampleCount, changing.size())));
            PreviewSamples samples = new PreviewSamples();
            samples.setInsert(orNull(t.samples(TableDiff.Kind.INSERT)));
            samples.setUpdate(orNull(t.samples(TableDiff.Kind.UPDATE)));
            samples.setDelete(orNull(t.samples(TableDiff.Kind.DELETE)));
            samples.setSkip(orNull(t.samples(TableDiff.Kind.SKIP)));
            tp.setSamples(samples);
            tp.setWarnings(orNull(t.warnings()));
            tables.add(tp);
        }
        p.setTables(tables);
        return p;
    }

    private static List<String> orNull(List<String> list) {
        return list.isEmpty() ? null : List.copyOf(list);
    }
}
