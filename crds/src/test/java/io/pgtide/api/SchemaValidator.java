package io.pgtide.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI part of a generated CRD's schema as a JSON Schema (networknt's validator), made as strict as
 * {@code kubectl apply} (field validation Strict): an unknown field is an error, where the API server
 * would otherwise drop it silently. The root also accepts apiVersion, kind and metadata, which the
 * API server checks itself. CEL rules are {@link CelRules}' business.
 */
final class SchemaValidator {
    private final JsonNode openApiSchema;
    private final Schema schema;

    SchemaValidator(JsonNode openApiSchema) {
        this.openApiSchema = openApiSchema;
        ObjectNode strict = strict(openApiSchema.deepCopy());
        ObjectNode properties = (ObjectNode) strict.get("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object");
        // OpenAPI v3.0's schema object is close to draft 4 (e.g. a boolean exclusiveMinimum).
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(strict.toString());
    }

    /** Errors of the object after the API server's defaulting, as "path: message". */
    List<String> validate(JsonNode object) {
        List<String> messages = new ArrayList<>();
        for (Error error : schema.validate(Crds.withDefaults(openApiSchema, object))) {
            messages.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return messages;
    }

    private static ObjectNode strict(ObjectNode node) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            // x-kubernetes-* extensions mean nothing to a JSON Schema validator.
            if (fields.next().getKey().startsWith("x-kubernetes-")) {
                fields.remove();
            }
        }
        if (node.has("properties")) {
            node.put("additionalProperties", false);
            node.get("properties").forEach(p -> strict((ObjectNode) p));
        }
        if (node.has("items")) {
            strict((ObjectNode) node.get("items"));
        }
        return node;
    }
}
