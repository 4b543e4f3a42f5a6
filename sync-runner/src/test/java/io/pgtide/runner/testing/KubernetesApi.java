package io.pgtide.runner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kubernetes API for tests: fabric8's mock server in CRUD mode with pgtide's generated CRDs
 * loaded (before anything else, so that {@code /status} is a subresource: STACK.md trap 2).
 *
 * <p>One correction to the mock: it applies a JSON merge patch with Jackson's updating reader,
 * which appends to lists and stores nulls, where RFC 7386 (and the API server) replaces lists and
 * deletes fields set to null. Status writers that patch lists ({@code status.tables},
 * {@code status.conditions}) would see duplicated entries that a real cluster never shows.
 */
public final class KubernetesApi implements AutoCloseable {
    /** The mock logs every request at INFO through java.util.logging; held so the setting stays. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private KubernetesApi(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    public static KubernetesApi start() {
        MOCK_LOG.setLevel(Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), new Rfc7386CrudDispatcher(), false);
        server.init();
        KubernetesApi api = new KubernetesApi(server);
        // The copies in the crds jar, identical to crds/generated/ (CrdsUpToDateTest checks that).
        for (String file : List.of("syncjobs.pgtide.io-v1.yml", "databaseconnections.pgtide.io-v1.yml")) {
            try (InputStream in = KubernetesApi.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("the generated CRD " + file + " is not on the class path");
                }
                api.client.resource(api.client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
                        .create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return api;
    }

    /** The shared client; do not close it. */
    public KubernetesClient client() {
        return client;
    }

    /** A client of its own to the same server, for code that closes the client it is given. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    }

    /** "METHOD path" of every request received since the last call, oldest first. */
    public List<String> takeRequests() {
        List<String> requests = new ArrayList<>();
        try {
            for (RecordedRequest r = server.takeRequest(0, TimeUnit.MILLISECONDS); r != null;
                 r = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
                requests.add(r.getMethod() + " " + r.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return requests;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

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
