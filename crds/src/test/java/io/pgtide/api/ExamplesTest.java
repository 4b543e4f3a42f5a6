package io.pgtide.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every manifest in examples/ against the generated CRDs: the OpenAPI schema (networknt) and the CEL
 * rules (cel-java), as the API server would check them on create. Files named invalid-*.yaml must be
 * rejected with the message their "# Rejected: ..." comment gives; all others must be accepted and
 * read into the Java model.
 */
class ExamplesTest {
    /** Surefire runs in the module directory; examples/ is at the repository root. */
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String REJECTED = "# Rejected: ";

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Validation syncJobs = new Validation(SyncJob.class);
    private final Validation connections = new Validation(DatabaseConnection.class);

    ExamplesTest() {
        // Without this, unmarshal(String) returns a GenericKubernetesResource for our kinds.
        serialization.registerKubernetesResource(SyncJob.class);
        serialization.registerKubernetesResource(DatabaseConnection.class);
    }

    @Test
    void everyKindHasExamplesAndOneIsInvalid() throws IOException {
        List<String> names = exampleFiles().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).anyMatch(n -> n.startsWith("databaseconnection-"));
        assertThat(names).anyMatch(n -> n.startsWith("syncjob-"));
        assertThat(names).anyMatch(n -> n.startsWith("invalid-"));
    }

    @TestFactory
    Stream<DynamicTest> examples() throws IOException {
        return exampleFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private void check(Path file) throws IOException {
        String text = Files.readString(file);
        List<String> errors = new ArrayList<>();
        int pgtideObjects = 0;
        for (JsonNode document : documents(text)) {
            if (!document.path("apiVersion").asText().startsWith(DatabaseConnection.GROUP + "/")) {
                continue;
            }
            pgtideObjects++;
            Validation validation = switch (document.path("kind").asText()) {
                case "SyncJob" -> syncJobs;
                case "DatabaseConnection" -> connections;
                default -> throw new AssertionError(file + ": unknown kind " + document.path("kind"));
            };
            List<String> documentErrors = validation.errors(document);
            errors.addAll(documentErrors);
            if (documentErrors.isEmpty()) {
                HasMetadata resource = serialization.unmarshal(document.toString());
                assertThat(resource).as(file + ": read into the Java model").isInstanceOf(validation.kind);
            }
        }
        assertThat(pgtideObjects).as(file + " holds a pgtide.io object").isPositive();

        if (file.getFileName().toString().startsWith("invalid-")) {
            String reason = text.lines().filter(l -> l.startsWith(REJECTED)).map(l -> l.substring(REJECTED.length()))
                    .findFirst().orElseThrow(() -> new AssertionError(file + " needs a '" + REJECTED + "<message>' comment"));
            assertThat(errors).as(file + " must be rejected because: " + reason).anyMatch(e -> e.contains(reason));
        } else {
            assertThat(errors).as(file + " must be accepted").isEmpty();
        }
    }

    private static List<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static List<JsonNode> documents(String text) throws IOException {
        try (MappingIterator<JsonNode> it = Crds.YAML.readerFor(JsonNode.class).readValues(text)) {
            return it.readAll();
        }
    }

    /** Schema and CEL checks of one kind. */
    private static final class Validation {
        final Class<?> kind;
        final SchemaValidator schema;
        final CelRules rules;

        Validation(Class<? extends CustomResource<?, ?>> kind) {
            this.kind = kind;
            this.schema = new SchemaValidator(Crds.schema(kind));
            this.rules = new CelRules(Crds.schema(kind));
        }

        List<String> errors(JsonNode object) {
            List<String> errors = new ArrayList<>(schema.validate(object));
            // The API server evaluates CEL rules only on objects that pass the schema's type checks;
            // running them anyway gives more errors, never fewer, which is fine for a test.
            errors.addAll(rules.validate(object));
            return errors;
        }
    }
}
