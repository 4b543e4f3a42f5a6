package io.pgtide.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints {@code meta.k8s.io/v1} Tables the way {@code kubectl get} does: upper-case headers, columns
 * aligned like its tabwriter (minimum width 6, padding 3), absent values left blank,
 * priority > 0 columns only with {@code -o wide}, and {@code kind.group/name} names when several
 * kinds are printed together. The demo uses it for its final summary, so the user sees what
 * {@code kubectl get sj,dbconn} would show without needing kubectl.
 */
final class KubectlTablePrinter {
    private static final int MIN_WIDTH = 6;
    private static final int PADDING = 3;

    /** One kind's Table and the prefix kubectl puts before its names when several kinds are printed. */
    record KindTable(String namePrefix, JsonNode table) {}

    private KubectlTablePrinter() {
    }

    /** The text kubectl prints; empty kinds are left out, all empty gives kubectl's "No resources found" line. */
    static String render(List<KindTable> tables, boolean wide, String namespace) {
        boolean prefixNames = tables.size() > 1;
        StringBuilder out = new StringBuilder();
        for (KindTable kind : tables) {
            if (kind.table().path("rows").isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(render(kind.table(), wide, prefixNames ? kind.namePrefix() : ""));
        }
        return out.isEmpty() ? "No resources found in " + namespace + " namespace.\n" : out.toString();
    }

    private static String render(JsonNode table, boolean wide, String namePrefix) {
        List<Integer> shown = new ArrayList<>();
        JsonNode definitions = table.path("columnDefinitions");
        for (int i = 0; i < definitions.size(); i++) {
            if (wide || definitions.get(i).path("priority").asInt(0) == 0) {
                shown.add(i);
            }
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(shown.stream().map(i -> definitions.get(i).path("name").asText().toUpperCase(Locale.ROOT)).toList());
        for (JsonNode row : table.path("rows")) {
            List<String> line = new ArrayList<>();
            for (int i : shown) {
                String text = text(row.path("cells").get(i));
                boolean nameColumn = "name".equals(definitions.get(i).path("format").asText());
                line.add(nameColumn ? namePrefix + text : text);
            }
            lines.add(line);
        }
        int[] widths = new int[shown.size()];
        for (List<String> line : lines) {
            for (int c = 0; c < line.size(); c++) {
                widths[c] = Math.max(widths[c], Math.max(MIN_WIDTH, line.get(c).length() + PADDING));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < line.size(); c++) {
                // The last cell is not padded: kubectl's lines end with the text.
                text.append(c == line.size() - 1 ? line.get(c) : pad(line.get(c), widths[c]));
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String text(JsonNode cell) {
        // kubectl prints an absent value (a null cell) as nothing, e.g. PHASE before the operator ran.
        return cell == null || cell.isNull() || cell.isMissingNode() ? "" : cell.asText();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
