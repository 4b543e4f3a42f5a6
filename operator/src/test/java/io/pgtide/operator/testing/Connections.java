package io.pgtide.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pgtide.api.ConnectionPhase;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.Environment;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.testing.TestPostgres;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** DatabaseConnections to the test PostgreSQL server, created through the mock API and checked by the operator. */
public final class Connections {
    public static final String SECRET = "pg-credentials";

    private final KubernetesClient client;
    private final PgUrl server;

    public Connections(KubernetesClient client) {
        this.client = client;
        this.server = PgUrl.parse("test", TestPostgres.primary().url("postgres"), null);
    }

    public PgUrl server() {
        return server;
    }

    public void createSecret(String namespace) {
        client.secrets().resource(Fixtures.secret(namespace, SECRET,
                Map.of("username", server.user(), "password", "unused-with-trust-auth"))).create();
    }

    /** Creates a connection to the test server (the Secret must exist). */
    public DatabaseConnection create(String namespace, String name, Environment environment) {
        DatabaseConnection c = Fixtures.credentialsConnection(namespace, name, server.host(), server.port(),
                server.database(), SECRET);
        c.getSpec().setEnvironment(environment);
        return client.resource(c).create();
    }

    public DatabaseConnection awaitReady(String namespace, String name) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> client.resources(DatabaseConnection.class).inNamespace(namespace).withName(name).get(),
                c -> c.getStatus() != null && c.getStatus().getPhase() == ConnectionPhase.Ready);
    }

    /** The Secret and two Ready development connections, src and tgt. */
    public void readyPair(String namespace) {
        createSecret(namespace);
        create(namespace, "src", Environment.Development);
        create(namespace, "tgt", Environment.Development);
        awaitReady(namespace, "src");
        awaitReady(namespace, "tgt");
    }
}
