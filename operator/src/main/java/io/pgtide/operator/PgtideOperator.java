package io.pgtide.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.pgtide.operator.connection.DatabaseConnectionReconciler;
import io.pgtide.operator.events.EventRecorder;
import io.pgtide.operator.syncjob.SyncJobReconciler;

import java.time.Clock;

/**
 * The pgtide operator: both reconcilers registered on one JOSDK {@link Operator}. Production starts
 * it from {@link OperatorMain}; tests and the demo start it against their own client.
 */
public final class PgtideOperator implements AutoCloseable {
    private final Operator operator;

    private PgtideOperator(Operator operator) {
        this.operator = operator;
    }

    /**
     * Starts the operator.
     *
     * @param serverSideApply true against a real API server; false against the fabric8 mock API, which
     *                        has no server-side apply (JOSDK's SSA defaults would leave resources unpatched)
     */
    public static PgtideOperator start(KubernetesClient client, OperatorConfig config, boolean serverSideApply) {
        return start(client, config, serverSideApply, Clock.systemUTC());
    }

    /** As {@link #start(KubernetesClient, OperatorConfig, boolean)}, on a clock tests can move forward (schedules, intervals). */
    public static PgtideOperator start(KubernetesClient client, OperatorConfig config, boolean serverSideApply,
                                       Clock clock) {
        Operator operator = new Operator(o -> o
                .withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(serverSideApply)
                .withSSABasedCreateUpdateMatchForDependentResources(serverSideApply)
                // The caller owns the client: tests share one per class, the demo keeps using it.
                .withCloseClientOnStop(false));
        EventRecorder events = new EventRecorder(client, clock);
        operator.register(new DatabaseConnectionReconciler(config, client, events, clock));
        operator.register(new SyncJobReconciler(config, client, events, clock));
        operator.start();
        return new PgtideOperator(operator);
    }

    @Override
    public void close() {
        operator.stop();
    }
}
