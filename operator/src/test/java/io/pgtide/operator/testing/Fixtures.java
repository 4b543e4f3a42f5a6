package io.pgtide.operator.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pgtide.api.ConnectionRef;
import io.pgtide.api.CredentialsSecretRef;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.DatabaseConnectionSpec;
import io.pgtide.api.HealthCheck;
import io.pgtide.api.SyncJob;
import io.pgtide.api.SyncJobSpec;
import io.pgtide.api.TableSpec;
import io.pgtide.api.UrlSecretRef;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for the objects tests create. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A Secret as a real API server stores it: values base64-encoded under data. */
    public static Secret secret(String namespace, String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build())
                .withData(data).build();
    }

    public static DatabaseConnection credentialsConnection(String namespace, String name, String host, int port,
                                                           String database, String secret) {
        DatabaseConnectionSpec spec = new DatabaseConnectionSpec();
        spec.setHost(host);
        spec.setPort(port);
        spec.setDatabase(database);
        spec.setCredentialsSecretRef(new CredentialsSecretRef(secret));
        return connection(namespace, name, spec);
    }

    public static DatabaseConnection urlConnection(String namespace, String name, String secret) {
        DatabaseConnectionSpec spec = new DatabaseConnectionSpec();
        spec.setUrlSecretRef(new UrlSecretRef(secret));
        return connection(namespace, name, spec);
    }

    private static DatabaseConnection connection(String namespace, String name, DatabaseConnectionSpec spec) {
        HealthCheck health = new HealthCheck();
        health.setIntervalSeconds(10);
        health.setTimeoutSeconds(2);
        spec.setHealthCheck(health);
        DatabaseConnection c = new DatabaseConnection();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        c.setSpec(spec);
        return c;
    }

    public static SyncJob syncJob(String namespace, String name, String source, String target, String... tables) {
        SyncJobSpec spec = new SyncJobSpec();
        spec.setSourceRef(new ConnectionRef(source));
        spec.setTargetRef(new ConnectionRef(target));
        spec.setTables(Arrays.stream(tables).map(TableSpec::new).toList());
        SyncJob job = new SyncJob();
        job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        job.setSpec(spec);
        return job;
    }
}
