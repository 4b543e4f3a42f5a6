package io.pgtide.operator.syncjob;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunIdsTest {
    @Test
    void aRunIdDependsOnlyOnTheUidAndTheNonce() {
        assertThat(RunIds.runId("uid-1", null)).isEqualTo(RunIds.runId("uid-1", null)).hasSize(10);
        assertThat(RunIds.runId("uid-1", "a")).isNotEqualTo(RunIds.runId("uid-1", null));
        assertThat(RunIds.runId("uid-2", null)).isNotEqualTo(RunIds.runId("uid-1", null));
    }

    @Test
    void jobNamesFitALabelValueAndEndInTheRunAndAttempt() {
        assertThat(RunIds.jobName("orders", "0123456789", 1)).isEqualTo("orders-0123456789-1");
        String longName = "a".repeat(50) + "-" + "b".repeat(20);
        String job = RunIds.jobName(longName, "0123456789", 12);
        assertThat(job).hasSizeLessThanOrEqualTo(63).endsWith("-0123456789-12").doesNotContain("--");
    }
}
