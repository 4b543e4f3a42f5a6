package io.pgtide.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.runner.db.PgUrl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The manifests of {@code examples/demo/}: read from the repository folder when the demo runs from
 * the repository root, else from the copy bundled in the demo jar at build time. Applied in file
 * order, like {@code kubectl apply -f examples/demo/}, after pointing the connections at the
 * PostgreSQL server in use.
 */
record DemoManifests(String origin, List<String> documents) {
    private static final Path FOLDER = Path.of("examples", "demo");
    /** The bundled copy (demo/pom.xml copies ../examples/demo/*.yaml there). */
    private static final String BUNDLED = "/examples/demo/";
    private static final List<String> BUNDLED_FILES = List.of("01-connections.yaml", "02-syncjob.yaml");

    static DemoManifests load() throws IOException {
        if (Files.isRegularFile(FOLDER.resolve(BUNDLED_FILES.get(0)))) {
            List<String> docs = new ArrayList<>();
            try (Stream<Path> files = Files.list(FOLDER)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                    docs.add(Files.readString(f));
                }
            }
            return new DemoManifests(FOLDER + "/", docs);
        }
        List<String> docs = new ArrayList<>();
        for (String name : BUNDLED_FILES) {
            try (InputStream in = DemoManifests.class.getResourceAsStream(BUNDLED + name)) {
                if (in == null) {
                    throw new IOException("the demo manifest " + name + " is neither in examples/demo/ nor bundled in the demo jar");
                }
                docs.add(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return new DemoManifests("examples/demo/ as bundled in the demo jar", docs);
    }

    /**
     * Creates every object in the namespace of the client, connections pointed at {@code server}
     * (host, port) with its user and password in the Secrets, and database names renamed by
     * {@code databases}. Returns one {@code kind/name created} line per object.
     */
    List<String> apply(KubernetesClient client, PgUrl server, Map<String, String> databases) {
        KubernetesSerialization json = client.getKubernetesSerialization();
        List<String> lines = new ArrayList<>();
        for (String doc : documents) {
            List<HasMetadata> items = client.load(new ByteArrayInputStream(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8))).items();
            for (HasMetadata item : items) {
                HasMetadata object = item;
                if ("DatabaseConnection".equals(item.getKind())) {
                    DatabaseConnection c = json.unmarshal(json.asJson(item), DatabaseConnection.class);
                    c.getSpec().setHost(server.host());
                    c.getSpec().setPort(server.port());
                    c.getSpec().setDatabase(databases.getOrDefault(c.getSpec().getDatabase(), c.getSpec().getDatabase()));
                    object = c;
                } else if (item instanceof Secret secret && secret.getStringData() != null
                        && secret.getStringData().containsKey("username")) {
                    Map<String, String> data = new LinkedHashMap<>(secret.getStringData());
                    data.put("username", server.user());
                    if (server.password() != null) {
                        data.put("password", server.password());
                    }
                    secret.setStringData(data);
                }
                client.resource(object).inNamespace(EmbeddedKubernetes.NAMESPACE).create();
                lines.add(kindName(object) + " created");
            }
        }
        return lines;
    }

    private static String kindName(HasMetadata object) {
        String kind = object.getKind().toLowerCase(java.util.Locale.ROOT);
        String group = object.getApiVersion().contains("/") ? "." + object.getApiVersion().substring(0, object.getApiVersion().indexOf('/')) : "";
        return kind + group + "/" + object.getMetadata().getName();
    }

}
