package io.pgtide.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * The operator process: configuration from the environment (see {@link OperatorConfig}), the
 * in-cluster or kubeconfig client, server-side apply on, and a clean stop on SIGTERM.
 */
public final class OperatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        OperatorConfig config = OperatorConfig.fromEnvironment();
        KubernetesClient client = new KubernetesClientBuilder().build();
        PgtideOperator operator = PgtideOperator.start(client, config, true);
        LOG.info("pgtide operator started: {}", config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            client.close();
            stopped.countDown();
        }, "pgtide-shutdown"));
        stopped.await();
    }
}
