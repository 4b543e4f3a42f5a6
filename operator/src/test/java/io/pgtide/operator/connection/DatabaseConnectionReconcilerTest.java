package io.pgtide.operator.connection;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pgtide.api.Condition;
import io.pgtide.api.ConditionStatus;
import io.pgtide.api.ConnectionPhase;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.DatabaseConnectionStatus;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.PgtideOperator;
import io.pgtide.operator.status.Conditions;
import io.pgtide.operator.testing.Fixtures;
import io.pgtide.operator.testing.MockKubernetes;
import io.pgtide.runner.db.PgUrl;
import io.pgtide.runner.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DatabaseConnectionReconcilerTest {
    private static final String PASSWORD = "Pa55-not-in-status";

    private static MockKubernetes kube;
    private static KubernetesClient client;
    private static PgtideOperator operator;
    private static PgUrl server;

    @BeforeAll
    static void start() {
        kube = new MockKubernetes();
        client = kube.client();
        operator = PgtideOperator.start(client, OperatorConfig.defaults(), false);
        server = PgUrl.parse("test", TestPostgres.primary().url("postgres"), null);
    }

    @AfterAll
    static void stop() {
        operator.close();
        kube.close();
    }

    @Test
    void aReachableDatabaseBecomesReadyWithItsVersionAndPrivileges() {
        String ns = kube.newNamespace("ready");
        createSecret(ns, "creds", Map.of("username", server.user(), "password", PASSWORD));
        create(Fixtures.credentialsConnection(ns, "db", server.host(), server.port(), server.database(), "creds"));

        DatabaseConnection ready = awaitPhase(ns, "db", ConnectionPhase.Ready);

        DatabaseConnectionStatus status = ready.getStatus();
        assertThat(status.getServerVersion()).matches("\\d+(\\.\\d+)?");
        assertThat(status.getLatencyMillis()).isNotNull().isNotNegative();
        assertThat(status.getPrivileges().getSuperuser()).isTrue();
        assertThat(status.getPrivileges().getCreateSchema()).isTrue();
        assertThat(status.getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
        assertThat(status.getConsecutiveFailures()).isZero();
        assertThat(status.getLastCheckTime()).isNotNull();
        assertThat(status.getLastSuccessTime()).isNotNull();
        assertThat(condition(ready, Condition.READY).getStatus()).isEqualTo(ConditionStatus.True);
        assertThat(condition(ready, Condition.RECONCILING).getStatus()).isEqualTo(ConditionStatus.False);
        assertThat(condition(ready, Condition.STALLED).getStatus()).isEqualTo(ConditionStatus.False);
        assertThat(status.getConditions()).extracting(Condition::getType).doesNotHaveDuplicates();
        assertThat(client.getKubernetesSerialization().asJson(ready)).doesNotContain(PASSWORD);
        await().untilAsserted(() -> assertThat(events(ns)).extracting(Event::getReason).containsExactly("ConnectionReady"));
        assertThat(events(ns)).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    @Test
    void aUrlSecretWorksLikeCredentials() {
        String ns = kube.newNamespace("url");
        String url = "postgresql://" + server.user() + ":" + PASSWORD + "@" + server.host() + ":" + server.port() + "/"
                + server.database();
        createSecret(ns, "url", Map.of("url", url));
        create(Fixtures.urlConnection(ns, "db", "url"));

        awaitPhase(ns, "db", ConnectionPhase.Ready);
    }

    @Test
    void aMissingSecretIsInvalid() {
        String ns = kube.newNamespace("nosecret");
        create(Fixtures.credentialsConnection(ns, "db", server.host(), server.port(), server.database(), "absent"));

        DatabaseConnection c = awaitPhase(ns, "db", ConnectionPhase.Invalid);

        assertReason(c, "SecretNotFound", "Secret 'absent' does not exist");
        assertThat(condition(c, Condition.STALLED).getStatus()).isEqualTo(ConditionStatus.True);
        await().untilAsserted(() -> assertThat(events(ns)).extracting(Event::getReason).containsExactly("ConnectionInvalid"));
    }

    @Test
    void aMissingKeyInTheSecretIsInvalid() {
        String ns = kube.newNamespace("nokey");
        createSecret(ns, "creds", Map.of("user", server.user(), "password", PASSWORD));
        create(Fixtures.credentialsConnection(ns, "db", server.host(), server.port(), server.database(), "creds"));

        DatabaseConnection c = awaitPhase(ns, "db", ConnectionPhase.Invalid);

        assertReason(c, "SecretKeyNotFound", "Secret 'creds' has no key 'username'");
    }

    @Test
    void aMalformedUrlIsInvalidAndNotShown() {
        String ns = kube.newNamespace("badurl");
        createSecret(ns, "url", Map.of("url", "postgresql://someone:" + PASSWORD + "@" + server.host()));
        create(Fixtures.urlConnection(ns, "db", "url"));

        DatabaseConnection c = awaitPhase(ns, "db", ConnectionPhase.Invalid);

        assertReason(c, "MalformedUrl", "names no database");
        assertThat(client.getKubernetesSerialization().asJson(c)).doesNotContain(PASSWORD);
    }

    @Test
    void anUnknownHostIsUnreachable() {
        String ns = kube.newNamespace("nohost");
        createSecret(ns, "creds", Map.of("username", server.user(), "password", PASSWORD));
        create(Fixtures.credentialsConnection(ns, "db", "no-such-host.invalid", 5432, "postgres", "creds"));

        DatabaseConnection c = awaitPhase(ns, "db", ConnectionPhase.Unreachable);

        assertReason(c, "UnknownHost", "The host 'no-such-host.invalid' is unknown");
        assertThat(c.getStatus().getConsecutiveFailures()).isPositive();
        assertThat(c.getStatus().getLastSuccessTime()).isNull();
    }

    @Test
    void aMissingDatabaseIsUnreachableWithDatabaseNotFound() {
        String ns = kube.newNamespace("nodb");
        createSecret(ns, "creds", Map.of("username", server.user(), "password", PASSWORD));
        create(Fixtures.credentialsConnection(ns, "db", server.host(), server.port(), "pgtide_no_such_db", "creds"));

        DatabaseConnection c = awaitPhase(ns, "db", ConnectionPhase.Unreachable);

        assertReason(c, "DatabaseNotFound", "The database 'pgtide_no_such_db' does not exist");
    }

    /**
     * The test servers trust every password, so a role that does not exist stands in for a wrong
     * password: PostgreSQL refuses both with an authentication error (SQLSTATE 28000/28P01).
     */
    @Test
    void rejectedCredentialsAreUnreachableWithAuthenticationFailed() {
        String ns = kube.newNamespace("badauth");
        createSecret(ns, "creds", Map.of("username", "pgtide_no_such_role", "password", PASSWORD));
        create(Fixtures.credentialsConnection(ns, "db", server.host(), server.port(), server.database(), "creds"));

        DatabaseConnection c = awaitPhase(ns, "db", ConnectionPhase.Unreachable);

        assertReason(c, "AuthenticationFailed", "rejected user 'pgtide_no_such_role'");
    }

    private static void assertReason(DatabaseConnection c, String reason, String messagePart) {
        Condition ready = condition(c, Condition.READY);
        assertThat(ready.getStatus()).isEqualTo(ConditionStatus.False);
        assertThat(ready.getReason()).isEqualTo(reason);
        assertThat(ready.getMessage()).contains(messagePart);
    }

    static Condition condition(DatabaseConnection c, String type) {
        return Conditions.find(c.getStatus().getConditions(), type).orElseThrow();
    }

    private static void createSecret(String ns, String name, Map<String, String> values) {
        client.secrets().resource(Fixtures.secret(ns, name, values)).create();
    }

    private static void create(DatabaseConnection c) {
        client.resource(c).create();
    }

    private static List<Event> events(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems();
    }

    static DatabaseConnection awaitPhase(String ns, String name, ConnectionPhase phase) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> client.resources(DatabaseConnection.class).inNamespace(ns).withName(name).get(),
                c -> c.getStatus() != null && c.getStatus().getPhase() == phase);
    }
}
