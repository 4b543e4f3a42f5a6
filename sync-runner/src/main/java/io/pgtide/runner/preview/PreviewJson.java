package io.pgtide.runner.preview;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * {@code preview --output json}: JSON lines like the sync's (findings and messages come from
 * {@link io.pgtide.runner.progress.JsonProgress}), one {@code tablePreview} object per table and a
 * final {@code summary} object with {@code "preview": true} and every table's preview.
 */
public final class PreviewJson {
    private final PrintStream out;
    private final ObjectMapper mapper = new ObjectMapper();

    public PreviewJson(PrintStream out) {
        this.out = out;
    }

    public void table(TableDiff t) {
        emit(table(event("tablePreview"), t));
    }

    public void finished(PreviewResult result) {
        ObjectNode n = event("summary");
        n.put("preview", true);
        n.put("result", "preview");
        n.put("exitCode", 0);
        n.put("summary", result.summary());
        n.put("durationMillis", result.duration().toMillis());
        var tables = n.putArray("tables");
        result.tables().forEach(t -> tables.add(table(mapper.createObjectNode(), t)));
        emit(n);
    }

    private ObjectNode table(ObjectNode n, TableDiff t) {
        n.put("table", t.table());
        n.put("method", t.method());
        n.put("rowsRead", t.sourceRows());
        n.put("toInsert", t.toInsert());
        n.put("toUpdate", t.toUpdate());
        n.put("toDelete", t.toDelete());
        n.put("unchanged", t.unchanged());
        n.put("toSkip", t.toSkip());
        n.put("conflicts", t.conflicts());
        ObjectNode samples = n.putObject("samples");
        for (TableDiff.Kind kind : TableDiff.Kind.values()) {
            List<String> keys = t.samples(kind);
            if (!keys.isEmpty()) {
                var array = samples.putArray(kind.label());
                keys.forEach(array::add);
            }
        }
        var warnings = n.putArray("warnings");
        t.warnings().forEach(warnings::add);
        return n;
    }

    private ObjectNode event(String type) {
        ObjectNode n = mapper.createObjectNode();
        n.put("event", type);
        n.put("time", Instant.now().toString());
        return n;
    }

    private void emit(ObjectNode n) {
        out.println(n.toString());
        out.flush();
    }
}
