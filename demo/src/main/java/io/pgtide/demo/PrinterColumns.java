package io.pgtide.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The columns {@code kubectl get} shows for one kind and the {@code meta.k8s.io/v1} Table built from
 * them. A real API server does this server-side (for a CRD, from its {@code additionalPrinterColumns});
 * the mock server does not, so without this kubectl would print nothing but names. The same Table
 * feeds {@link KubectlTablePrinter}, so the demo's own output and kubectl's agree.
 */
final class PrinterColumns {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * One column. {@code type} is the OpenAPI type the CRD declares (string, integer, number,
     * boolean, date); {@code value} extracts the raw value, null when absent.
     */
    record Column(String name, String type, String format, String description, int priority,
                  Function<JsonNode, JsonNode> value) {
        static Column jsonPath(String name, String type, String description, int priority, String jsonPath) {
            SimpleJsonPath path = SimpleJsonPath.compile(jsonPath);
            return new Column(name, type, "", description == null ? "" : description, priority, path::evaluate);
        }
    }

    private static final Column NAME = new Column("Name", "string", "name",
            "Name must be unique within a namespace.", 0, o -> o.path("metadata").get("name"));
    private static final Column AGE = Column.jsonPath("Age", "date",
            "CreationTimestamp is the time the object was created.", 0, ".metadata.creationTimestamp");

    private final List<Column> columns;

    private PrinterColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Name first, as every API server table starts, then the given columns. */
    static PrinterColumns nameAnd(List<Column> columns) {
        List<Column> all = new ArrayList<>();
        all.add(NAME);
        all.addAll(columns);
        return new PrinterColumns(all);
    }

    /** What a server shows for a kind without printer columns: Name and Age. */
    static PrinterColumns nameAndAge() {
        return nameAnd(List.of(AGE));
    }

    static Column age() {
        return AGE;
    }

    /**
     * From one {@code spec.versions[]} entry of a CRD: its {@code additionalPrinterColumns} in
     * order, or Name and Age when it declares none (the API server's rule).
     */
    static PrinterColumns fromCrdVersion(JsonNode version) {
        JsonNode declared = version.path("additionalPrinterColumns");
        if (!declared.isArray() || declared.isEmpty()) {
            return nameAndAge();
        }
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : declared) {
            columns.add(Column.jsonPath(c.path("name").asText(), c.path("type").asText("string"),
                    c.path("description").asText(""), c.path("priority").asInt(0), c.path("jsonPath").asText()));
        }
        return nameAnd(columns);
    }

    List<Column> columns() {
        return columns;
    }

    /**
     * The Table a server answers to {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}.
     * Each row carries the object's metadata (as PartialObjectMetadata, the server's default) since
     * kubectl reads names, namespaces and labels from there.
     */
    ObjectNode table(List<JsonNode> objects, String resourceVersion, Instant now) {
        ObjectNode table = JSON.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column c : columns) {
            definitions.addObject()
                    .put("name", c.name())
                    .put("type", c.type())
                    .put("format", c.format())
                    .put("description", c.description())
                    .put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column c : columns) {
                cells.add(cell(c, c.value().apply(object), now));
            }
            ObjectNode partial = row.putObject("object");
            partial.put("kind", "PartialObjectMetadata");
            partial.put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", object.path("metadata").deepCopy());
        }
        return table;
    }

    /** Formats a value by its column type, as the API server's CRD table convertor does. */
    private static JsonNode cell(Column column, JsonNode value, Instant now) {
        if (value == null) {
            return JSON.nullNode();
        }
        switch (column.type()) {
            case "date":
                // The server turns timestamps into ages ("5m", "2d3h"); kubectl prints them as is.
                try {
                    return JSON.textNode(humanDuration(Duration.between(Instant.parse(value.asText()), now)));
                } catch (DateTimeParseException e) {
                    return JSON.textNode("<invalid>");
                }
            case "integer":
            case "number":
            case "boolean":
                return value.isValueNode() ? value : JSON.textNode(value.toString());
            default:
                return value.isTextual() ? value : JSON.textNode(value.isValueNode() ? value.asText() : value.toString());
        }
    }

    /** Kubernetes' duration.HumanDuration (apimachinery), so ages read exactly as kubectl's. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = d.toMinutes();
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
