package io.pgtide.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Collectors;

/**
 * Puts in front of the mock server's CRUD store what the real {@code kubectl} needs from an API
 * server and the mock lacks (STACK.md trap 11):
 * <ul>
 *   <li>{@code ?timeout=32s} (and any {@code timeout=}) is removed from every path first: kubectl
 *       adds it to discovery and version requests, and to every request with
 *       {@code --request-timeout}; the mock matches paths with their query, so nothing would match.</li>
 *   <li>Aggregated discovery: {@code /api} and {@code /apis} asked for an
 *       {@code APIGroupDiscoveryList} get one with exactly that Content-Type (kubectl checks it)
 *       covering the built-in kinds and the CRDs. Other clients (fabric8) get the older
 *       APIGroupList, which the mock leaves empty.</li>
 *   <li>{@code /version} with a real-looking version, and an OpenAPI v3 index so that
 *       {@code kubectl apply} can decide how to validate (see {@link OpenApiDocuments}).</li>
 *   <li>Tables: a GET accepting {@code as=Table} gets a {@code meta.k8s.io/v1} Table built from the
 *       kind's printer columns, as a real server builds it; kubectl prints nothing but names otherwise.</li>
 * </ul>
 * Then expectations registered on the server (none by default), then the CRUD store.
 */
final class KubectlDispatcher extends Dispatcher {
    static final String AGGREGATED_DISCOVERY = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private static final String JSON_TYPE = "application/json";
    private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher expectationDispatcher;
    private final KubernetesCrudDispatcher crud;
    private final List<ApiResource> resources;
    private final OpenApiDocuments openApi;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String coreDiscovery;
    private final String groupDiscovery;
    private final String legacyGroups;
    private final String version;

    KubectlDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations, List<ApiResource> resources,
                      OpenApiDocuments openApi, ObjectMapper mapper, String gitVersion, Clock clock) {
        this.expectations = expectations;
        this.expectationDispatcher = new MockDispatcher(expectations);
        this.crud = new Rfc7386CrudDispatcher();
        this.resources = List.copyOf(resources);
        this.openApi = openApi;
        this.mapper = mapper;
        this.clock = clock;
        this.coreDiscovery = write(discovery(true));
        this.groupDiscovery = write(discovery(false));
        this.legacyGroups = write(groupList());
        this.version = write(versionInfo(gitVersion));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = withoutTimeout(request.getPath());
        Headers headers = request.getHeaders();
        String contentType = request.getHeader("Content-Type");
        if (request.method() == HttpMethod.PATCH && contentType != null && contentType.startsWith(STRATEGIC_MERGE_PATCH)) {
            // kubectl apply and patch send strategic merge patches for built-in kinds (a Secret), which
            // the mock rejects (415). For the flat objects the demo has they mean the same as a JSON
            // merge patch; list merge keys and $patch directives are not honoured.
            headers = headers.newBuilder().set("Content-Type", MERGE_PATCH).build();
        }
        if (!path.equals(request.getPath()) || headers != request.getHeaders()) {
            request = new RecordedRequest(request.getHttpVersion(), request.method(), path, headers, request.getBody());
        }
        MockResponse response = request.method() == HttpMethod.GET ? answerGet(request, path) : null;
        if (response == null) {
            Queue<ServerResponse> expected = expectations.get(new SimpleRequest(request.method(), path));
            response = expected != null && !expected.isEmpty() ? expectationDispatcher.dispatch(request) : crud.dispatch(request);
        }
        return response.code() == HttpURLConnection.HTTP_NOT_FOUND ? withNotFoundStatus(response, path) : response;
    }

    /**
     * The store answers a missing object with an empty 404; kubectl then says "the server could
     * not find the requested resource". A real server sends a Status, which kubectl prints as
     * {@code syncjobs.pgtide.io "x" not found}; scripts and users grep for that.
     */
    private MockResponse withNotFoundStatus(MockResponse response, String path) {
        String plainPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        ApiResource resource = resourceOf(plainPath);
        if (resource == null || response.getBody() != null && response.getBody().size() > 0) {
            return response;
        }
        String name = plainPath.substring(plainPath.lastIndexOf('/') + 1);
        if (name.equals(resource.plural())) {
            return response;
        }
        String qualified = resource.group().isEmpty() ? resource.plural() : resource.plural() + "." + resource.group();
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", qualified + " \"" + name + "\" not found");
        status.put("reason", "NotFound");
        status.putObject("details").put("name", name).put("group", resource.group()).put("kind", resource.plural());
        status.put("code", HttpURLConnection.HTTP_NOT_FOUND);
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                .setHeader("Content-Type", JSON_TYPE).setBody(write(status));
    }

    /** The GETs answered here rather than by the store; null for the others. */
    private MockResponse answerGet(RecordedRequest request, String path) {
        String accept = request.getHeader("Accept") == null ? "" : request.getHeader("Accept");
        String plainPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (accept.contains("as=APIGroupDiscoveryList") && (plainPath.equals("/api") || plainPath.equals("/apis"))) {
            return ok(plainPath.equals("/api") ? coreDiscovery : groupDiscovery, AGGREGATED_DISCOVERY);
        }
        if (plainPath.equals("/apis")) {
            // The mock lists no groups here; fabric8's hasApiGroup/supports read this list.
            return ok(legacyGroups, JSON_TYPE);
        }
        if (plainPath.equals("/version")) {
            return ok(version, JSON_TYPE);
        }
        if (plainPath.startsWith("/openapi/")) {
            String document = openApi.document(plainPath);
            return document == null ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                    : ok(document, JSON_TYPE);
        }
        if (accept.contains("as=Table") && !path.contains("watch=")) {
            return table(request, path, plainPath);
        }
        return null;
    }

    /**
     * Reads the object or list from the store and turns it into a Table. Paths that are not a
     * known kind's collection or object (subresources, discovery) go to the store unchanged.
     */
    private MockResponse table(RecordedRequest request, String path, String plainPath) {
        ApiResource resource = resourceOf(plainPath);
        if (resource == null) {
            return null;
        }
        MockResponse stored = crud.dispatch(request);
        if (stored.code() != HttpURLConnection.HTTP_OK) {
            return stored;
        }
        try {
            JsonNode body = mapper.readTree(stored.getBody().readUtf8());
            List<JsonNode> objects = new ArrayList<>();
            if (body.has("items")) {
                body.path("items").forEach(objects::add);
            } else {
                objects.add(body);
            }
            String resourceVersion = body.path("metadata").path("resourceVersion").asText(null);
            return ok(write(resource.columns().table(objects, resourceVersion, clock.instant())), JSON_TYPE);
        } catch (JsonProcessingException e) {
            // Not JSON after all (an error page): let kubectl see what the store said.
            return crud.dispatch(request);
        }
    }

    /**
     * The kind a collection or object path names: {@code /api/v1/namespaces/ns/secrets[/name]},
     * {@code /apis/g/v/namespaces/ns/plural[/name]}, {@code /apis/g/v/plural[/name]} (all
     * namespaces, or a cluster-scoped kind); null for subresources and anything else.
     */
    ApiResource resourceOf(String plainPath) {
        List<String> segments = Arrays.stream(plainPath.split("/")).filter(s -> !s.isEmpty()).collect(Collectors.toList());
        String group;
        String version;
        List<String> rest;
        if (segments.size() >= 3 && segments.get(0).equals("api")) {
            group = "";
            version = segments.get(1);
            rest = segments.subList(2, segments.size());
        } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            version = segments.get(2);
            rest = segments.subList(3, segments.size());
        } else {
            return null;
        }
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            rest = rest.subList(2, rest.size());
        }
        if (rest.size() > 2) {
            return null;
        }
        String plural = rest.get(0);
        return resources.stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst().orElse(null);
    }

    /** The aggregated discovery document of the core group ({@code /api}) or of the named groups ({@code /apis}). */
    private ObjectNode discovery(boolean core) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/v2");
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        resources.stream().filter(r -> r.group().isEmpty() == core)
                .collect(Collectors.groupingBy(ApiResource::group, java.util.LinkedHashMap::new, Collectors.toList()))
                .forEach((group, members) -> {
                    ObjectNode item = items.addObject();
                    item.putObject("metadata").put("name", group);
                    ArrayNode versions = item.putArray("versions");
                    members.stream().collect(Collectors.groupingBy(ApiResource::version, java.util.LinkedHashMap::new, Collectors.toList()))
                            .forEach((version, kinds) -> {
                                ObjectNode v = versions.addObject();
                                v.put("version", version);
                                v.put("freshness", "Current");
                                ArrayNode list2 = v.putArray("resources");
                                kinds.forEach(r -> list2.add(discoveryEntry(r)));
                            });
                });
        return list;
    }

    /** The pre-aggregation {@code /apis} answer (APIGroupList) for clients that do not ask for the aggregated one. */
    private ObjectNode groupList() {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        resources.stream().filter(r -> !r.group().isEmpty())
                .collect(Collectors.groupingBy(ApiResource::group, java.util.LinkedHashMap::new,
                        Collectors.mapping(ApiResource::version, Collectors.toCollection(java.util.LinkedHashSet::new))))
                .forEach((group, versions) -> {
                    ObjectNode g = groups.addObject();
                    g.put("name", group);
                    ArrayNode vs = g.putArray("versions");
                    versions.forEach(v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
                    g.set("preferredVersion", vs.get(0).deepCopy());
                });
        return list;
    }

    private static ObjectNode discoveryEntry(ApiResource r) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("resource", r.plural());
        entry.set("responseKind", kind(r));
        entry.put("scope", r.namespaced() ? "Namespaced" : "Cluster");
        entry.put("singularResource", r.singular());
        ArrayNode verbs = entry.putArray("verbs");
        List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch").forEach(verbs::add);
        if (!r.shortNames().isEmpty()) {
            r.shortNames().forEach(entry.putArray("shortNames")::add);
        }
        if (!r.categories().isEmpty()) {
            r.categories().forEach(entry.putArray("categories")::add);
        }
        if (r.statusSubresource()) {
            ObjectNode status = entry.putArray("subresources").addObject();
            status.put("subresource", "status");
            status.set("responseKind", kind(r));
            List.of("get", "patch", "update").forEach(status.putArray("verbs")::add);
        }
        return entry;
    }

    private static ObjectNode kind(ApiResource r) {
        ObjectNode kind = JsonNodeFactory.instance.objectNode();
        kind.put("group", r.group());
        kind.put("version", r.version());
        kind.put("kind", r.kind());
        return kind;
    }

    private static ObjectNode versionInfo(String gitVersion) {
        // "v1.32.0-pgtide-demo" -> major 1, minor 32: kubectl warns when client and server are far apart.
        String[] parts = gitVersion.replaceFirst("^v", "").split("[.-]");
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("major", parts[0]);
        v.put("minor", parts[1]);
        v.put("gitVersion", gitVersion);
        v.put("gitCommit", "");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2025-01-01T00:00:00Z");
        v.put("goVersion", "none (fabric8 mock server)");
        v.put("compiler", "javac");
        v.put("platform", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/" + System.getProperty("os.arch"));
        return v;
    }

    /** {@code /apis?timeout=32s} -> {@code /apis}; {@code /x?limit=500&timeout=1s} -> {@code /x?limit=500}. */
    static String withoutTimeout(String path) {
        int q = path.indexOf('?');
        if (q < 0 || !path.contains("timeout=")) {
            return path;
        }
        String query = Arrays.stream(path.substring(q + 1).split("&"))
                .filter(p -> !p.startsWith("timeout="))
                .collect(Collectors.joining("&"));
        return query.isEmpty() ? path.substring(0, q) : path.substring(0, q) + "?" + query;
    }

    private static MockResponse ok(String body, String contentType) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setHeader("Content-Type", contentType).setBody(body);
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void shutdown() {
        expectationDispatcher.shutdown();
        crud.shutdown();
        super.shutdown();
    }

    /**
     * The mock applies a JSON merge patch with Jackson's updating reader, which appends to lists and
     * keeps fields set to null, where RFC 7386 (and a real API server) replaces lists and deletes
     * those fields: {@code kubectl patch --type merge} and the operator's status patches would leave
     * duplicated conditions a real cluster never shows.
     */
    private static final class Rfc7386CrudDispatcher extends KubernetesCrudDispatcher {
        @Override
        public JsonNode merge(JsonNode baseResource, String updatedResource) throws KubernetesCrudDispatcherException {
            return mergePatch(baseResource, asNode(updatedResource));
        }

        private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
            if (!patch.isObject()) {
                return patch.deepCopy();
            }
            ObjectNode result = target != null && target.isObject()
                    ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
            patch.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    result.remove(e.getKey());
                } else {
                    result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
                }
            });
            return result;
        }
    }
}
