package io.pgtide.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI v3 documents kubectl reads before {@code apply}/{@code create}: the index
 * ({@code /openapi/v3}) and one document per group version, reached through the index's
 * {@code serverRelativeURL} (with a {@code ?hash=} as a real server gives).
 *
 * <p>Why the PATCH operations declare a {@code fieldValidation} query parameter: kubectl's default
 * {@code --validate=strict} looks for it to decide that the server validates fields itself;
 * without it kubectl validates client-side, which needs {@code /openapi/v2} as gnostic protobuf
 * (checked with kubectl 1.32: without either, {@code apply} fails with "failed to download openapi").
 * The mock does not validate: kubectl's {@code fieldValidation=Strict} is accepted and ignored, so
 * unknown fields and schema violations are stored as sent (a real cluster would reject them).
 *
 * <p>The CRD schemas are included as components so that {@code kubectl explain sj.spec} works.
 */
final class OpenApiDocuments {
    private final Map<String, String> documents = new LinkedHashMap<>();
    private final String root;

    /** {@code schemas}: the openAPIV3Schema of each CRD kind, keyed by {@code apiVersion/Kind}. */
    OpenApiDocuments(List<ApiResource> resources, Map<String, JsonNode> schemas, ObjectMapper mapper) {
        ObjectNode rootDoc = JsonNodeFactory.instance.objectNode();
        ObjectNode rootPaths = rootDoc.putObject("paths");
        Map<String, List<ApiResource>> byGroupVersion = new LinkedHashMap<>();
        resources.forEach(r -> byGroupVersion.computeIfAbsent(r.apiVersion(), k -> new ArrayList<>()).add(r));
        byGroupVersion.forEach((gv, members) -> {
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            doc.put("openapi", "3.0.0");
            doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
            ObjectNode paths = doc.putObject("paths");
            ObjectNode components = doc.putObject("components").putObject("schemas");
            for (ApiResource r : members) {
                String base = (r.group().isEmpty() ? "/api/" : "/apis/") + gv
                        + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
                ObjectNode patch = paths.putObject(base).putObject("patch");
                patch.set("x-kubernetes-group-version-kind", gvk(r));
                ArrayNode params = patch.putArray("parameters");
                params.addObject().put("name", "fieldValidation").put("in", "query").put("description",
                        "Accepted for kubectl; the embedded API does not validate.").putObject("schema").put("type", "string");
                patch.putObject("responses").putObject("200").put("description", "OK");
                // The CRD's structural schema, as a real server publishes it (kind, apiVersion, metadata added).
                JsonNode schema = schemas.get(r.apiVersion() + "/" + r.kind());
                if (schema != null) {
                    ObjectNode s = schema.deepCopy();
                    ObjectNode props = s.with("properties");
                    props.putObject("apiVersion").put("type", "string");
                    props.putObject("kind").put("type", "string");
                    props.putObject("metadata").put("type", "object");
                    s.putArray("x-kubernetes-group-version-kind").add(gvk(r));
                    components.set(schemaName(r), s);
                }
            }
            String text = write(mapper, doc);
            String path = "/openapi/v3/" + (gv.contains("/") ? "apis/" : "api/") + gv;
            documents.put(path, text);
            rootPaths.putObject(path.substring("/openapi/v3/".length())).put("serverRelativeURL", path + "?hash=" + hash(text));
        });
        root = write(mapper, rootDoc);
    }

    /** As the API server names CRD schemas: {@code io.pgtide.v1alpha1.SyncJob}. */
    private static String schemaName(ApiResource r) {
        String[] parts = r.group().split("\\.");
        StringBuilder reversed = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            reversed.append(parts[i]).append('.');
        }
        return reversed + r.version() + "." + r.kind();
    }

    private static ObjectNode gvk(ApiResource r) {
        ObjectNode gvk = JsonNodeFactory.instance.objectNode();
        gvk.put("group", r.group());
        gvk.put("version", r.version());
        gvk.put("kind", r.kind());
        return gvk;
    }

    /** The document at {@code path} (without query), or null (404). */
    String document(String path) {
        if (path.equals("/openapi/v3")) {
            return root;
        }
        return documents.get(path);
    }

    /** Any stable value does: kubectl caches documents by it. */
    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8)))
                    .toUpperCase(Locale.ROOT).substring(0, 64);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(ObjectMapper mapper, JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
