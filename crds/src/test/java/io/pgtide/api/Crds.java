package io.pgtide.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.CustomResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** The CRDs as this build generated them (target/classes/META-INF/fabric8), read as JSON trees. */
final class Crds {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Where crd-generator writes, relative to the classpath root. */
    static final String GENERATED_DIR = "META-INF/fabric8/";

    private Crds() {
    }

    static String fileName(Class<? extends CustomResource<?, ?>> kind) {
        return CustomResource.getCRDName(kind) + "-v1.yml";
    }

    static JsonNode crd(Class<? extends CustomResource<?, ?>> kind) {
        String resource = GENERATED_DIR + fileName(kind);
        try (InputStream in = Crds.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath: run the build (crd-generator runs in process-classes)");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The openAPIV3Schema of the CRD's only version. */
    static JsonNode schema(Class<? extends CustomResource<?, ?>> kind) {
        return crd(kind).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    /**
     * Fills in schema defaults the way the API server does before it validates: a property with a
     * default is set when it is absent from an object that is present.
     */
    static JsonNode withDefaults(JsonNode schema, JsonNode value) {
        JsonNode copy = value.deepCopy();
        applyDefaults(schema, copy);
        return copy;
    }

    private static void applyDefaults(JsonNode schema, JsonNode value) {
        if (value instanceof ObjectNode object && schema.has("properties")) {
            Iterator<Map.Entry<String, JsonNode>> properties = schema.get("properties").fields();
            while (properties.hasNext()) {
                Map.Entry<String, JsonNode> property = properties.next();
                if (!object.has(property.getKey()) && property.getValue().has("default")) {
                    object.set(property.getKey(), property.getValue().get("default").deepCopy());
                }
                if (object.has(property.getKey())) {
                    applyDefaults(property.getValue(), object.get(property.getKey()));
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            value.forEach(item -> applyDefaults(schema.get("items"), item));
        }
    }
}
