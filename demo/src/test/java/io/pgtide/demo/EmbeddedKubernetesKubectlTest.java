package io.pgtide.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded API as the real {@code kubectl} uses it. kubectl's output is what a user sees, not
 * the oracle: every step is also checked on the API through the fabric8 client.
 *
 * <p>Where kubectl is not installed (a newcomer's machine) the same steps run as the HTTP requests
 * kubectl sends (same paths with {@code ?timeout=32s}, same Accept and Content-Type headers), so the
 * behaviour kubectl depends on is still checked rather than skipped.
 */
class EmbeddedKubernetesKubectlTest {
    private static final String SJ = "refresh-staging-catalog";
    private static final String DBCONN = "shop-staging";
    private static final String SECRET = "shop-staging-credentials";
    /** What kubectl 1.32 sends for {@code get}: a Table if the server can, else the object. */
    private static final String TABLE_ACCEPT =
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private static final String DISCOVERY_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKubernetes kube;
    private static KubernetesClient client;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The kubectl on PATH (or in $KUBECTL), empty where none is installed. */
    private static final Optional<Path> KUBECTL = findKubectl();

    @TempDir
    static Path kubectlCache;

    @BeforeAll
    static void start() {
        kube = EmbeddedKubernetes.start();
        client = kube.client();
    }

    @AfterAll
    static void stop() {
        kube.close();
    }

    @Test
    void kubeconfigPointsKubectlAtTheEmbeddedApi() throws Exception {
        String kubeconfig = Files.readString(kube.kubeconfig());
        assertThat(kubeconfig).contains("server: " + kube.url(), "namespace: default", "token: ");
        if (KUBECTL.isPresent()) {
            Result version = kubectl("version");
            assertThat(version.code()).as(version.toString()).isZero();
            assertThat(version.out()).contains("Server Version: " + EmbeddedKubernetes.SERVER_VERSION);
            Result resources = kubectl("api-resources");
            assertThat(resources.code()).as(resources.toString()).isZero();
            assertThat(resources.out()).containsPattern("syncjobs\\s+sj\\s+pgtide.io/v1alpha1\\s+true\\s+SyncJob")
                    .containsPattern("databaseconnections\\s+dbconn\\s+pgtide.io/v1alpha1\\s+true\\s+DatabaseConnection")
                    .containsPattern("jobs\\s+batch/v1\\s+true\\s+Job")
                    .containsPattern("secrets\\s+v1\\s+true\\s+Secret");
        } else {
            // The same file through fabric8's kubeconfig loader: server, token and namespace work.
            try (KubernetesClient fromFile = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
                assertThat(fromFile.getNamespace()).isEqualTo("default");
                assertThat(fromFile.namespaces().withName("default").get()).isNotNull();
            }
        }
    }

    /** The requests kubectl's discovery makes, checked byte for byte where kubectl is picky. */
    @Test
    void discoveryVersionAndOpenApiAnswerKubectlsRequests() throws Exception {
        HttpResponse<String> apis = get("/apis?timeout=32s", DISCOVERY_ACCEPT);
        assertThat(apis.statusCode()).isEqualTo(200);
        // kubectl uses the aggregated document only when the Content-Type says exactly this.
        assertThat(apis.headers().firstValue("Content-Type")).hasValue(KubectlDispatcher.AGGREGATED_DISCOVERY);
        JsonNode syncjobs = resource(JSON.readTree(apis.body()), "pgtide.io", "syncjobs");
        assertThat(syncjobs.path("singularResource").asText()).isEqualTo("syncjob");
        assertThat(syncjobs.path("scope").asText()).isEqualTo("Namespaced");
        assertThat(syncjobs.path("shortNames").get(0).asText()).isEqualTo("sj");
        assertThat(syncjobs.path("responseKind").path("kind").asText()).isEqualTo("SyncJob");
        assertThat(syncjobs.path("subresources").get(0).path("subresource").asText()).isEqualTo("status");
        assertThat(resource(JSON.readTree(apis.body()), "batch", "jobs")).isNotNull();

        HttpResponse<String> core = get("/api?timeout=32s", DISCOVERY_ACCEPT);
        assertThat(core.headers().firstValue("Content-Type")).hasValue(KubectlDispatcher.AGGREGATED_DISCOVERY);
        for (String plural : List.of("namespaces", "secrets", "events", "pods")) {
            assertThat(resource(JSON.readTree(core.body()), "", plural)).as(plural).isNotNull();
        }

        for (String timeout : List.of("5s", "32s")) {
            HttpResponse<String> version = get("/version?timeout=" + timeout, "application/json");
            assertThat(JSON.readTree(version.body()).path("gitVersion").asText()).isEqualTo(EmbeddedKubernetes.SERVER_VERSION);
        }

        // apply's --validate=strict: index -> group document -> PATCH declares fieldValidation.
        JsonNode index = JSON.readTree(get("/openapi/v3?timeout=32s", "application/json").body());
        String groupUrl = index.path("paths").path("apis/pgtide.io/v1alpha1").path("serverRelativeURL").asText();
        assertThat(groupUrl).startsWith("/openapi/v3/apis/pgtide.io/v1alpha1?hash=");
        JsonNode group = JSON.readTree(get(groupUrl + "&timeout=32s", "application/json").body());
        JsonNode patch = group.path("paths").path("/apis/pgtide.io/v1alpha1/namespaces/{namespace}/syncjobs/{name}").path("patch");
        assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("SyncJob");
        assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation");
        assertThat(group.path("components").path("schemas").path("io.pgtide.v1alpha1.SyncJob").path("properties").has("spec")).isTrue();

        // fabric8 (the operator's client) gets the older APIGroupList, with the CRD group in it.
        assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName()).contains("pgtide.io", "batch");
    }

    /**
     * apply, get, get -o wide, get -o yaml, describe, patch, delete: with kubectl where installed,
     * else as kubectl's HTTP requests.
     */
    @Test
    void applyGetDescribePatchDelete() throws Exception {
        List<Path> manifests = List.of(EXAMPLES.resolve("databaseconnection-credentials.yaml"), EXAMPLES.resolve("syncjob-basic.yaml"));
        apply(manifests);
        Resource<GenericKubernetesResource> syncJob = client.genericKubernetesResources("pgtide.io/v1alpha1", "SyncJob").withName(SJ);
        assertThat(syncJob.get()).as("the SyncJob on the API").isNotNull();
        assertThat(spec(syncJob.get()).path("sourceRef").path("name").asText()).isEqualTo("reporting-replica");
        Secret secret = client.secrets().withName(SECRET).get();
        assertThat(secret).as("the Secret on the API").isNotNull();
        assertThat(client.genericKubernetesResources("pgtide.io/v1alpha1", "DatabaseConnection").withName(DBCONN).get()).isNotNull();

        // What the operator and runner would write, through the status subresource.
        GenericKubernetesResource withStatus = syncJob.get();
        withStatus.setAdditionalProperty("status", Map.of("phase", "Running", "progress", Map.of("percent", 42, "rowsDone", 1234)));
        client.resource(withStatus).updateStatus();

        String table = getTable("sj", false);
        assertThat(table.lines().findFirst().orElseThrow()).containsPattern("NAME\\s+PHASE\\s+PROGRESS\\s+SOURCE\\s+TARGET\\s+AGE$");
        assertThat(table).containsPattern(SJ + "\\s+Running\\s+42\\s+reporting-replica\\s+shop-staging\\s+\\d+s");

        String wide = getTable("dbconn", true);
        assertThat(wide.lines().findFirst().orElseThrow())
                .containsPattern("NAME\\s+PHASE\\s+HOST\\s+DATABASE\\s+ENVIRONMENT\\s+AGE\\s+VERSION\\s+LATENCY$");
        assertThat(wide).containsPattern(DBCONN + "\\s+shop-staging.db.svc.cluster.local\\s+shop\\s+Staging");

        String both = getTable("sj,dbconn", false);
        assertThat(both).contains("syncjob.pgtide.io/" + SJ, "databaseconnection.pgtide.io/" + DBCONN);
        // The demo's own printer prints what kubectl prints (ages aside, they may tick between calls).
        assertThat(kube.kubectlGet("sj,dbconn", false).replaceAll("\\d+s\\b", "Ns")).isEqualTo(both.replaceAll("\\d+s\\b", "Ns"));

        String yaml = yaml("sj", SJ);
        assertThat(yaml).contains("kind: SyncJob", "name: " + SJ, "phase: Running", "name: reporting-replica");

        String described = describe("sj", SJ);
        assertThat(described).containsPattern("Name:\\s+" + SJ).contains("Source Ref:", "Running");

        mergePatch("sj", SJ, "{\"spec\":{\"suspend\":true}}");
        GenericKubernetesResource patched = syncJob.get();
        assertThat(spec(patched).path("suspend").asBoolean()).isTrue();
        assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
        // A patch of the main resource leaves the status subresource alone.
        assertThat(JSON.valueToTree(patched.getAdditionalProperties().get("status")).path("phase").asText()).isEqualTo("Running");

        delete("sj", SJ);
        assertThat(syncJob.get()).isNull();
        String notFound = getMissing("sj", SJ);
        assertThat(notFound).contains("syncjobs.pgtide.io \"" + SJ + "\" not found");
    }

    // ---- each step with kubectl, or as the requests kubectl makes ----

    private static void apply(List<Path> manifests) throws Exception {
        if (KUBECTL.isPresent()) {
            List<String> args = new ArrayList<>(List.of("apply"));
            manifests.forEach(m -> args.addAll(List.of("-f", m.toString())));
            Result r = kubectl(args.toArray(String[]::new));
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("secret/" + SECRET + " created", "databaseconnection.pgtide.io/" + DBCONN + " created",
                    "syncjob.pgtide.io/" + SJ + " created");
            return;
        }
        for (Path manifest : manifests) {
            try (InputStream in = Files.newInputStream(manifest)) {
                for (HasMetadata object : client.load(in).items()) {
                    client.resource(object).inNamespace(EmbeddedKubernetes.NAMESPACE).create();
                }
            }
        }
    }

    private static String getTable(String resources, boolean wide) throws Exception {
        if (KUBECTL.isPresent()) {
            Result r = wide ? kubectl("get", resources, "-o", "wide") : kubectl("get", resources);
            assertThat(r.code()).as(r.toString()).isZero();
            return r.out();
        }
        List<KubectlTablePrinter.KindTable> tables = new ArrayList<>();
        for (String resource : resources.split(",")) {
            String plural = resource.equals("sj") ? "syncjobs" : "databaseconnections";
            HttpResponse<String> response = get(collection(plural) + "?limit=500&timeout=32s", TABLE_ACCEPT);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode table = JSON.readTree(response.body());
            assertThat(table.path("kind").asText()).isEqualTo("Table");
            assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
            String kind = plural.equals("syncjobs") ? "syncjob" : "databaseconnection";
            tables.add(new KubectlTablePrinter.KindTable(kind + ".pgtide.io/", table));
        }
        return KubectlTablePrinter.render(tables, wide, EmbeddedKubernetes.NAMESPACE);
    }

    private static String yaml(String resource, String name) throws Exception {
        if (KUBECTL.isPresent()) {
            Result r = kubectl("get", resource, name, "-o", "yaml");
            assertThat(r.code()).as(r.toString()).isZero();
            return r.out();
        }
        HttpResponse<String> response = get(collection("syncjobs") + "/" + name, "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        // kubectl's YAML style (unquoted strings), so the same assertions hold.
        return new ObjectMapper(YAMLFactory.builder().enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
                .writeValueAsString(JSON.readTree(response.body()));
    }

    private static String describe(String resource, String name) throws Exception {
        if (KUBECTL.isPresent()) {
            Result r = kubectl("describe", resource, name);
            assertThat(r.code()).as(r.toString()).isZero();
            return r.out();
        }
        // describe: the object, then its events by field selector.
        HttpResponse<String> object = get(collection("syncjobs") + "/" + name, "application/json");
        assertThat(object.statusCode()).isEqualTo(200);
        HttpResponse<String> events = get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D" + name
                + "%2CinvolvedObject.kind%3DSyncJob&limit=500", "application/json");
        assertThat(events.statusCode()).isEqualTo(200);
        JsonNode sj = JSON.readTree(object.body());
        return "Name: " + sj.path("metadata").path("name").asText() + "\nSource Ref: " + sj.path("spec").path("sourceRef")
                + "\nPhase: " + sj.path("status").path("phase").asText();
    }

    private static void mergePatch(String resource, String name, String patch) throws Exception {
        if (KUBECTL.isPresent()) {
            Result r = kubectl("patch", resource, name, "--type", "merge", "-p", patch);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("syncjob.pgtide.io/" + name + " patched");
            return;
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(kube.url().resolve(
                        collection("syncjobs") + "/" + name + "?fieldManager=kubectl-patch"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                .header("Content-Type", "application/merge-patch+json").header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isBetween(200, 299);
    }

    private static void delete(String resource, String name) throws Exception {
        if (KUBECTL.isPresent()) {
            Result r = kubectl("delete", resource, name);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("syncjob.pgtide.io \"" + name + "\" deleted");
            return;
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(kube.url().resolve(collection("syncjobs") + "/" + name))
                .DELETE().header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    /** The error text of getting a missing object. */
    private static String getMissing(String resource, String name) throws Exception {
        if (KUBECTL.isPresent()) {
            Result r = kubectl("get", resource, name);
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            return r.err();
        }
        HttpResponse<String> response = get(collection("syncjobs") + "/" + name, TABLE_ACCEPT);
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.path("reason").asText()).isEqualTo("NotFound");
        return status.path("message").asText();
    }

    // ---- helpers ----

    private static String collection(String plural) {
        return "/apis/pgtide.io/v1alpha1/namespaces/default/" + plural;
    }

    private static JsonNode spec(GenericKubernetesResource resource) {
        return JSON.valueToTree(resource.getAdditionalProperties().get("spec"));
    }

    private static JsonNode resource(JsonNode discovery, String group, String plural) {
        for (JsonNode item : discovery.path("items")) {
            if (item.path("metadata").path("name").asText().equals(group)) {
                for (JsonNode version : item.path("versions")) {
                    for (JsonNode r : version.path("resources")) {
                        if (r.path("resource").asText().equals(plural)) {
                            return r;
                        }
                    }
                }
            }
        }
        return null;
    }

    private static HttpResponse<String> get(String pathAndQuery, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(kube.url() + pathAndQuery)).header("Accept", accept)
                .header("Authorization", "Bearer any").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Runs the real kubectl with KUBECONFIG pointing at the embedded API and a cache of this test's own. */
    private static Result kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(KUBECTL.orElseThrow().toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(kubectlCache, "out", ".txt");
        Path err = Files.createTempFile(kubectlCache, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("KUBECONFIG", kube.kubeconfig().toString());
        // Discovery is cached per server; a fresh cache keeps runs independent of ~/.kube.
        builder.environment().put("KUBECACHEDIR", kubectlCache.resolve("cache").toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Optional<Path> findKubectl() {
        String explicit = System.getenv("KUBECTL");
        if (explicit != null && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(Path.of(explicit));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
