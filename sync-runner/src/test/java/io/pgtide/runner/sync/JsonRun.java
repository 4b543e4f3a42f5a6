package io.pgtide.runner.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgtide.runner.testing.Cli;

import java.util.ArrayList;
import java.util.List;

/** Runs the CLI with {@code --output json} and reads its JSON lines (findings, summary). */
record JsonRun(Cli.Result result, List<JsonNode> events) {

    static JsonRun of(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--output", "json"));
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        return new JsonRun(r, r.jsonLines());
    }

    int exitCode() {
        return result.exitCode();
    }

    String all() {
        return result.all();
    }

    /** The summary entry of one table (as displayed, e.g. {@code public.t} or {@code "Sales"."Order Items"}). */
    JsonNode table(String display) {
        for (JsonNode e : events) {
            if ("summary".equals(e.path("event").asText())) {
                for (JsonNode t : e.path("tables")) {
                    if (display.equals(t.path("table").asText())) {
                        return t;
                    }
                }
            }
        }
        throw new AssertionError("no summary for " + display + " in:\n" + all());
    }

    long count(String display, String field) {
        return table(display).path(field).asLong();
    }

    /** Messages of the validation findings of one severity ("error" or "warning"). */
    List<String> findings(String severity) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            for (JsonNode f : e.path("findings")) {
                if (severity.equals(f.path("severity").asText())) {
                    out.add(f.path("table").asText() + ": " + f.path("message").asText());
                }
            }
            if (severity.equals(e.path("severity").asText())) {
                out.add(e.path("table").asText() + ": " + e.path("message").asText());
            }
        }
        return out;
    }
}
