package io.pgtide.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/** Small valid manifests for tests to start from, and a way to change them. */
final class Manifests {
    private Manifests() {
    }

    static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) Crds.YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode syncJob() {
        return yaml("""
                apiVersion: pgtide.io/v1alpha1
                kind: SyncJob
                metadata:
                  name: copy-catalog
                spec:
                  sourceRef:
                    name: staging
                  targetRef:
                    name: dev
                  tables:
                    - name: public.products
                    - name: public.categories
                """);
    }

    static ObjectNode databaseConnection() {
        return yaml("""
                apiVersion: pgtide.io/v1alpha1
                kind: DatabaseConnection
                metadata:
                  name: staging
                spec:
                  host: db.example.com
                  database: shop
                  credentialsSecretRef:
                    name: staging-credentials
                """);
    }

    /** The object at a JSON pointer such as {@code /spec}, for changing it in place. */
    static ObjectNode at(JsonNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }
}
