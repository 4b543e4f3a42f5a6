package io.pgtide.runner.preview;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgtide.runner.testing.Cli;
import io.pgtide.runner.testing.ScratchDatabase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs preview and sync through the CLI with {@code --output json} and compares their per-table counts. */
final class PreviewRuns {

    /** The preview's field and the sync's field that must agree. */
    static final Map<String, String> SAME_COUNTS = Map.of("toInsert", "inserted", "toUpdate", "updated",
            "toDelete", "deleted", "unchanged", "unchanged", "toSkip", "skipped", "rowsRead", "rowsRead");

    record Run(Cli.Result result, List<JsonNode> events) {
        Map<String, JsonNode> summaryTables() {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (JsonNode e : events) {
                if ("summary".equals(e.path("event").asText())) {
                    e.path("tables").forEach(t -> out.put(t.path("table").asText(), t));
                }
            }
            assertThat(out).as(result.all()).isNotEmpty();
            return out;
        }

        JsonNode summary() {
            return events.stream().filter(e -> "summary".equals(e.path("event").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no summary in:\n" + result.all()));
        }

        JsonNode table(String name) {
            JsonNode t = summaryTables().get(name);
            assertThat(t).as("table " + name + " in:\n" + result.all()).isNotNull();
            return t;
        }
    }

    private PreviewRuns() {
    }

    static Run run(String command, ScratchDatabase source, String targetUrl, List<String> options) {
        List<String> args = new ArrayList<>(List.of(command, "--source", source.url(), "--target", targetUrl, "--output", "json"));
        args.addAll(options);
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        return new Run(r, r.jsonLines());
    }

    /**
     * Previews, checks that the target did not change (checksums of {@code tables}, keyed by their
     * order-by column lists) and that no pgtide schema or backup appeared, then syncs with the same
     * options and asserts the counts agree table by table. Returns the preview.
     */
    static Run previewThenSync(ScratchDatabase source, ScratchDatabase target, Map<String, String> tables, List<String> options) {
        Map<String, String> before = checksums(target, tables);
        String relationsBefore = relations(target);
        Run preview = run("preview", source, target.url(), options);
        assertThat(preview.result().exitCode()).as(preview.result().all()).isZero();
        assertThat(checksums(target, tables)).as("the preview changed nothing").isEqualTo(before);
        assertThat(relations(target)).as("the preview created no schema, table or sequence").isEqualTo(relationsBefore);

        List<String> syncOptions = new ArrayList<>(options);
        syncOptions.addAll(List.of("--backup", "disabled"));
        Run sync = run("sync", source, target.url(), syncOptions);
        assertThat(sync.result().exitCode()).as(sync.result().all()).isZero();
        Map<String, JsonNode> synced = sync.summaryTables();
        Map<String, JsonNode> previewed = preview.summaryTables();
        assertThat(previewed.keySet()).isEqualTo(synced.keySet());
        for (String table : synced.keySet()) {
            for (Map.Entry<String, String> f : SAME_COUNTS.entrySet()) {
                assertThat(previewed.get(table).path(f.getKey()).asLong())
                        .as(table + ": preview " + f.getKey() + " vs sync " + f.getValue() + "\npreview: " + previewed.get(table)
                                + "\nsync: " + synced.get(table))
                        .isEqualTo(synced.get(table).path(f.getValue()).asLong());
            }
        }
        return preview;
    }

    /** Every schema and (non-temporary) relation of the database: what the preview must not add to. */
    static String relations(ScratchDatabase db) {
        return db.queryString("SELECT string_agg(n.nspname || '.' || coalesce(c.relname, '') , ',' ORDER BY n.nspname, c.relname)"
                + " FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relpersistence <> 't'");
    }

    static Map<String, String> checksums(ScratchDatabase db, Map<String, String> tables) {
        Map<String, String> out = new LinkedHashMap<>();
        tables.forEach((table, orderBy) -> out.put(table, db.checksum(table, orderBy)));
        return out;
    }
}
