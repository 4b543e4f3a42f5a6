package io.pgtide.operator.syncjob;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunIdsTest {
    @Test
    void aRunIdDependsOnlyOnTheUidTheNonceAndTheScheduledTime() {
        assertThat(RunIds.runId("uid-1", null, null)).isEqualTo(RunIds.runId("uid-1", null, null)).hasSize(10);
        assertThat(RunIds.runId("uid-1", "a", null)).isNotEqualTo(RunIds.runId("uid-1", null, null));
        assertThat(RunIds.runId("uid-2", null, null)).isNotEqualTo(RunIds.runId("uid-1", null, null));
        assertThat(RunIds.runId("uid-1", null, "2025-01-01T03:00:00Z"))
                .isNotEqualTo(RunIds.runId("uid-1", null, null))
                .isNotEqualTo(RunIds.runId("uid-1", null, "2025-01-02T03:00:00Z"));
    }

    @Test
    void jobNamesFitALabelValueAndEndInTheRunAndAttempt() {
        assertThat(RunIds.jobName("orders", "0123456789", 1)).isEqualTo("orders-0123456789-1");
        String longName = "a".repeat(50) + "-" + "b".repeat(20);
        String job = RunIds.jobName(longName, "0123456789", 12);
        assertThat(job).hasSizeLessThanOrEqualTo(63).endsWith("-0123456789-12").doesNotContain("--");
    }
}
