package io.pgtide.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo's Kubernetes API: fabric8's mock server in CRUD mode on localhost (plain HTTP), with
 * pgtide's generated CRDs created before anything else (so {@code /status} is a subresource, STACK.md
 * trap 2), and what the real {@code kubectl} needs on top of it ({@link KubectlDispatcher}): aggregated
 * discovery, {@code /version}, OpenAPI, printer-column tables, {@code ?timeout=} tolerance.
 *
 * <p>It writes a kubeconfig (server URL, a token, namespace {@value #NAMESPACE}) so that
 * {@code KUBECONFIG=<file> kubectl get sj,dbconn} works while the demo runs, and hands the operator
 * a {@link KubernetesClient} on the same server.
 *
 * <p>What a mock cannot do, even so: {@code kubectl get -w} (the mock watches over WebSocket only),
 * server-side apply, server-side dry run (it writes), and admission (CEL rules and OpenAPI
 * constraints are not enforced: {@code kubectl apply} validates client-side only what
 * {@link OpenApiDocuments} describes).
 */
public final class EmbeddedKubernetes implements AutoCloseable {
    /** The namespace of the kubeconfig's context and of {@link #client()}. */
    public static final String NAMESPACE = "default";
    /** Reported by {@code /version}: kubectl warns when the server is more than one minor version away. */
    static final String SERVER_VERSION = "v1.32.0-pgtide-demo";
    private static final String TOKEN = "pgtide-demo";
    private static final String CONTEXT = "pgtide-demo";
    /** The copies in the crds jar, identical to crds/generated/ (CrdsUpToDateTest checks that). */
    private static final List<String> CRD_RESOURCES = List.of(
            "/META-INF/fabric8/databaseconnections.pgtide.io-v1.yml", "/META-INF/fabric8/syncjobs.pgtide.io-v1.yml");
    /**
     * The mock logs every request at INFO through java.util.logging; the demo's console is for the
     * user. A strong reference, or the level is lost when the logger is garbage collected.
     */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final List<ApiResource> resources;
    private final KubernetesClient client;
    private final Path kubeconfig;
    private final boolean deleteKubeconfig;

    private EmbeddedKubernetes(KubernetesMockServer server, List<ApiResource> resources, Path kubeconfig,
                               boolean deleteKubeconfig) {
        this.server = server;
        this.resources = resources;
        this.kubeconfig = kubeconfig;
        this.deleteKubeconfig = deleteKubeconfig;
        this.client = newClient();
    }

    /** On a free port, with the kubeconfig in a temporary file deleted by {@link #close()}. */
    public static EmbeddedKubernetes start() {
        try {
            Path file = Files.createTempFile("pgtide-demo-kubeconfig-", ".yaml");
            return start(0, file, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * On {@code port} of 127.0.0.1 (0: a free one), writing the kubeconfig to {@code kubeconfig}
     * (kept after {@link #close()}, the caller chose it).
     */
    public static EmbeddedKubernetes start(int port, Path kubeconfig) {
        return start(port, kubeconfig, false);
    }

    private static EmbeddedKubernetes start(int port, Path kubeconfig, boolean deleteKubeconfig) {
        MOCK_LOG.setLevel(Level.WARNING);
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<CustomResourceDefinition> crds = new ArrayList<>();
        List<ApiResource> resources = new ArrayList<>(ApiResource.builtIns());
        ObjectMapper mapper = Serialization.jsonMapper();
        Map<String, JsonNode> schemas = new HashMap<>();
        for (String name : CRD_RESOURCES) {
            CustomResourceDefinition crd = readCrd(serialization, name);
            crds.add(crd);
            ApiResource resource = ApiResource.fromCrd(mapper.valueToTree(crd));
            resources.add(resource);
            crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(resource.version())).findFirst()
                    .ifPresent(v -> schemas.put(resource.apiVersion() + "/" + resource.kind(),
                            mapper.valueToTree(v.getSchema().getOpenAPIV3Schema())));
        }
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubectlDispatcher dispatcher = new KubectlDispatcher(expectations, resources, new OpenApiDocuments(resources, schemas, mapper),
                mapper, SERVER_VERSION, Clock.systemUTC());
        KubernetesMockServer server = new KubernetesMockServer(new Context(mapper), new MockWebServer(), expectations,
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        EmbeddedKubernetes kube = null;
        try {
            kube = new EmbeddedKubernetes(server, List.copyOf(resources), kubeconfig, deleteKubeconfig);
            kube.writeKubeconfig();
            for (CustomResourceDefinition crd : crds) {
                kube.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
            // A real cluster has it; kubectl's context and the operator's client use it.
            kube.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                    .create();
            return kube;
        } catch (RuntimeException e) {
            if (kube != null) {
                kube.close();
            } else {
                server.destroy();
            }
            throw e;
        }
    }

    private static CustomResourceDefinition readCrd(KubernetesSerialization serialization, String resource) {
        try (InputStream in = EmbeddedKubernetes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the generated CRD " + resource + " is not on the class path (pgtide-crds jar)");
            }
            return serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    public int port() {
        return server.getPort();
    }

    /** The kubeconfig to give kubectl ({@code KUBECONFIG=...} or {@code --kubeconfig}). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The shared client (namespace {@value #NAMESPACE}), closed by {@link #close()}: do not close it. */
    public KubernetesClient client() {
        return client;
    }

    /** A client of its own (for code that closes the client it is given, such as an operator). */
    public KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url().toString())
                .withOauthToken(TOKEN)
                .withNamespace(NAMESPACE)
                // The mock serves HTTP/1.1; skip the JDK client's h2c upgrade attempt.
                .withHttp2Disable(true)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * What {@code kubectl get <resources> [-o wide]} prints, from the same printer columns the
     * API serves to kubectl: {@code kubectlGet("sj,dbconn", false)}. Resources are named as on
     * kubectl's command line (plural, singular, short name or kind), comma-separated.
     */
    public String kubectlGet(String resourceList, boolean wide) {
        List<KubectlTablePrinter.KindTable> tables = new ArrayList<>();
        ObjectMapper mapper = Serialization.jsonMapper();
        for (String name : resourceList.split(",")) {
            ApiResource resource = resource(name.trim());
            List<GenericKubernetesResource> items = resource.namespaced()
                    ? client.genericKubernetesResources(resource.apiVersion(), resource.kind()).inNamespace(NAMESPACE).list().getItems()
                    : client.genericKubernetesResources(resource.apiVersion(), resource.kind()).list().getItems();
            List<JsonNode> objects = items.stream().map(i -> (JsonNode) mapper.valueToTree(i)).toList();
            tables.add(new KubectlTablePrinter.KindTable(resource.namePrefix(),
                    resource.columns().table(objects, null, Clock.systemUTC().instant())));
        }
        return KubectlTablePrinter.render(tables, wide, NAMESPACE);
    }

    private ApiResource resource(String name) {
        return resources.stream().filter(r -> r.answersTo(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the server doesn't have a resource type \"" + name + "\""));
    }

    /**
     * One cluster, one user with a token (the mock accepts any), one context with namespace
     * {@value #NAMESPACE}. Plain HTTP, so no certificate questions (the mock's own certificate has
     * no SANs, STACK.md trap 11).
     */
    private void writeKubeconfig() {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user:
                    token: %3$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: %4$s
                current-context: %1$s
                """.formatted(CONTEXT, url(), TOKEN, NAMESPACE);
        try {
            Files.writeString(kubeconfig, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + kubeconfig, e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
        if (deleteKubeconfig) {
            try {
                Files.deleteIfExists(kubeconfig);
            } catch (IOException e) {
                // A leftover temporary file is harmless.
            }
        }
    }
}
