package io.pgtide.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pgtide.demo.PrinterColumns.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One resource type the embedded API announces in discovery and prints as a table: the facts
 * kubectl needs to turn {@code sj} into {@code /apis/pgtide.io/v1alpha1/namespaces/default/syncjobs}.
 */
record ApiResource(String group, String version, String kind, String plural, String singular, boolean namespaced,
                   List<String> shortNames, List<String> categories, boolean statusSubresource,
                   PrinterColumns columns) {

    /** The Kubernetes kinds the demo touches, with the columns kubectl users know for them. */
    static List<ApiResource> builtIns() {
        List<ApiResource> all = new ArrayList<>();
        all.add(new ApiResource("", "v1", "Namespace", "namespaces", "namespace", false, List.of("ns"), List.of(), true,
                PrinterColumns.nameAnd(List.of(
                        // The mock stores namespaces without status; a real server says Active.
                        new Column("Status", "string", "", "The phase of the namespace.", 0,
                                o -> o.path("status").path("phase").isTextual() ? o.path("status").get("phase")
                                        : TextNode.valueOf("Active")),
                        PrinterColumns.age()))));
        all.add(new ApiResource("", "v1", "Secret", "secrets", "secret", true, List.of(), List.of(), false,
                PrinterColumns.nameAnd(List.of(
                        Column.jsonPath("Type", "string", "The type of the secret.", 0, ".type"),
                        new Column("Data", "integer", "", "The number of keys in the secret.", 0,
                                o -> IntNode.valueOf(
                                        o.path("data").size() + o.path("stringData").size())),
                        PrinterColumns.age()))));
        all.add(new ApiResource("", "v1", "Event", "events", "event", true, List.of("ev"), List.of(), false,
                PrinterColumns.nameAnd(List.of(
                        Column.jsonPath("Type", "string", "", 0, ".type"),
                        Column.jsonPath("Reason", "string", "", 0, ".reason"),
                        new Column("Object", "string", "", "The object this event is about.", 0,
                                o -> TextNode.valueOf(
                                        o.path("involvedObject").path("kind").asText().toLowerCase(Locale.ROOT) + "/"
                                                + o.path("involvedObject").path("name").asText())),
                        Column.jsonPath("Message", "string", "", 0, ".message"),
                        PrinterColumns.age()))));
        all.add(new ApiResource("", "v1", "Pod", "pods", "pod", true, List.of("po"), List.of("all"), true,
                PrinterColumns.nameAnd(List.of(
                        Column.jsonPath("Status", "string", "The phase of the pod.", 0, ".status.phase"),
                        PrinterColumns.age()))));
        all.add(new ApiResource("batch", "v1", "Job", "jobs", "job", true, List.of(), List.of("all"), true,
                PrinterColumns.nameAnd(List.of(
                        new Column("Status", "string", "", "Complete, Failed, Suspended or Running.", 0, ApiResource::jobStatus),
                        Column.jsonPath("Succeeded", "integer", "Pods that succeeded.", 0, ".status.succeeded"),
                        PrinterColumns.age(),
                        Column.jsonPath("Image", "string", "", 1, ".spec.template.spec.containers[0].image")))));
        all.add(new ApiResource("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions",
                "customresourcedefinition", false, List.of("crd", "crds"), List.of(), true,
                PrinterColumns.nameAnd(List.of(Column.jsonPath("Created At", "date", "", 0, ".metadata.creationTimestamp")))));
        return all;
    }

    /** The served version of a CRD (pgtide's have one), with its printer columns. */
    static ApiResource fromCrd(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        JsonNode version = null;
        for (JsonNode v : spec.path("versions")) {
            if (v.path("served").asBoolean(true) && (version == null || v.path("storage").asBoolean(false))) {
                version = v;
            }
        }
        if (version == null) {
            throw new IllegalArgumentException("CRD " + crd.path("metadata").path("name").asText() + " serves no version");
        }
        return new ApiResource(spec.path("group").asText(), version.path("name").asText(), names.path("kind").asText(),
                names.path("plural").asText(), names.path("singular").asText(names.path("kind").asText().toLowerCase(Locale.ROOT)),
                "Namespaced".equals(spec.path("scope").asText()), strings(names.path("shortNames")),
                strings(names.path("categories")), version.path("subresources").has("status"),
                PrinterColumns.fromCrdVersion(version));
    }

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** What kubectl accepts on the command line: plural, singular, short names, kind, and plural.group. */
    boolean answersTo(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals(plural) || n.equals(singular) || shortNames.contains(n) || n.equals(kind.toLowerCase(Locale.ROOT))
                || (!group.isEmpty() && (n.equals(plural + "." + group) || n.equals(singular + "." + group)));
    }

    /** How kubectl prefixes names when it prints several kinds: {@code syncjob.pgtide.io/nightly}. */
    String namePrefix() {
        return kind.toLowerCase(Locale.ROOT) + (group.isEmpty() ? "" : "." + group) + "/";
    }

    private static JsonNode jobStatus(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            if ("True".equals(c.path("status").asText())
                    && List.of("Complete", "Failed", "Suspended").contains(c.path("type").asText())) {
                return c.get("type");
            }
        }
        return TextNode.valueOf("Running");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }
}
