package io.pgtide.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One {@link E2eCluster} (mock API, operator, local Job runner, PostgreSQL) per test class;
 * each test works in a namespace of its own.
 */
abstract class E2eTestBase {
    static E2eCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = E2eCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }
}
