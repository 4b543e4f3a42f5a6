package io.pgtide.operator.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * The fabric8 mock Kubernetes API in CRUD mode with pgtide's generated CRDs created first, so that
 * {@code /status} behaves as a subresource.
 */
public final class MockKubernetes implements AutoCloseable {
    static {
        // The mock applies a JSON merge patch with Jackson's readerForUpdating, which appends to
        // arrays where RFC 7386 (and a real API server) replaces them: every status patch would add
        // the conditions again. Turning array merging off makes the mock replace arrays.
        Serialization.jsonMapper().configOverride(ArrayNode.class).setMergeable(false);
    }

    private static final List<String> CRDS = List.of("databaseconnections.pgtide.io-v1.yml", "syncjobs.pgtide.io-v1.yml");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public MockKubernetes() {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()), false);
        server.init();
        client = server.createClient();
        for (String crd : CRDS) {
            try (InputStream in = MockKubernetes.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
                client.apiextensions().v1().customResourceDefinitions()
                        .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
                        .create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public KubernetesClient client() {
        return client;
    }

    /** A fresh namespace: the mock is shared by a test class, so each test works in its own. */
    public String newNamespace(String purpose) {
        String name = purpose + "-" + UUID.randomUUID().toString().substring(0, 6);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
