package io.pgtide.operator.syncjob;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RunTimeoutTest {
    @Test
    void parsesTheCrdsDurationForms() {
        assertThat(RunTimeout.parse(null)).contains(Duration.ofHours(2));
        assertThat(RunTimeout.parse("90m")).contains(Duration.ofMinutes(90));
        assertThat(RunTimeout.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(RunTimeout.parse("45s")).contains(Duration.ofSeconds(45));
        assertThat(RunTimeout.parse("2 hours")).isEmpty();
        assertThat(RunTimeout.parse("0m")).isEmpty();
    }

    @Test
    void theOperatorsMaximumCapsTheDeadline() {
        assertThat(RunTimeout.deadlineSeconds(Duration.ofHours(48), Duration.ofHours(24))).isEqualTo(86_400);
        assertThat(RunTimeout.deadlineSeconds(Duration.ofMinutes(90), Duration.ofHours(24))).isEqualTo(5_400);
    }
}
