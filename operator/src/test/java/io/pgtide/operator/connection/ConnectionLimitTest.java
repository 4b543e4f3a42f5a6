package io.pgtide.operator.connection;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pgtide.api.Condition;
import io.pgtide.api.ConnectionPhase;
import io.pgtide.api.DatabaseConnection;
import io.pgtide.api.Environment;
import io.pgtide.operator.OperatorConfig;
import io.pgtide.operator.PgtideOperator;
import io.pgtide.operator.status.Conditions;
import io.pgtide.operator.testing.Connections;
import io.pgtide.operator.testing.MockKubernetes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConnectionLimitTest {
    private static MockKubernetes kube;
    private static KubernetesClient client;
    private static PgtideOperator operator;
    private static Connections connections;

    @BeforeAll
    static void start() {
        kube = new MockKubernetes();
        client = kube.client();
        operator = PgtideOperator.start(client, OperatorConfig.defaults().withMaxConnectionsPerNamespace(2), false);
        connections = new Connections(client);
    }

    @AfterAll
    static void stop() {
        operator.close();
        kube.close();
    }

    @Test
    void connectionsBeyondTheLimitAreNotUsedWhileTheOldestKeepWorking() {
        String ns = kube.newNamespace("limit");
        connections.createSecret(ns);
        connections.create(ns, "conn-a", Environment.Development);
        connections.create(ns, "conn-b", Environment.Development);
        connections.awaitReady(ns, "conn-a");
        connections.awaitReady(ns, "conn-b");

        connections.create(ns, "conn-c", Environment.Development);

        DatabaseConnection over = await().atMost(Duration.ofSeconds(30)).until(
                () -> client.resources(DatabaseConnection.class).inNamespace(ns).withName("conn-c").get(),
                c -> c.getStatus() != null && c.getStatus().getPhase() == ConnectionPhase.Invalid);
        Condition ready = Conditions.find(over.getStatus().getConditions(), Condition.READY).orElseThrow();
        assertThat(ready.getReason()).isEqualTo("LimitExceeded");
        assertThat(ready.getMessage()).contains("more than 2 DatabaseConnections");
        assertThat(over.getStatus().getServerVersion()).isNull();
        assertThat(client.resources(DatabaseConnection.class).inNamespace(ns).withName("conn-a").get().getStatus().getPhase())
                .isEqualTo(ConnectionPhase.Ready);
        assertThat(client.v1().events().inNamespace(ns).list().getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ConnectionLimitExceeded"));
    }
}
