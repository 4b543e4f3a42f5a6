package io.pgtide.operator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorConfigTest {
    @Test
    void unsetSettingsKeepTheirDefaults() {
        assertThat(OperatorConfig.from(Map.of())).isEqualTo(OperatorConfig.defaults());
        assertThat(OperatorConfig.defaults().maxRunningPerNamespace()).isEqualTo(3);
    }

    @Test
    void readsEverySetting() {
        OperatorConfig config = OperatorConfig.from(Map.of(
                OperatorConfig.MAX_RUNNING, "5",
                OperatorConfig.MAX_CONNECTIONS, "7",
                OperatorConfig.MAX_TIMEOUT_SECONDS, "3600",
                OperatorConfig.RUNNER_IMAGE, "registry.example/runner:1.0",
                OperatorConfig.RUNNER_SERVICE_ACCOUNT, "runner",
                OperatorConfig.QUEUE_RECHECK_SECONDS, "3",
                OperatorConfig.MIN_RUN_INTERVAL_SECONDS, "0"));

        assertThat(config).isEqualTo(new OperatorConfig(5, 7, Duration.ofHours(1), "registry.example/runner:1.0", "runner",
                Duration.ofSeconds(3), Duration.ZERO));
    }

    @Test
    void aBadNumberNamesTheSetting() {
        assertThatThrownBy(() -> OperatorConfig.from(Map.of(OperatorConfig.MAX_RUNNING, "three")))
                .hasMessageContaining(OperatorConfig.MAX_RUNNING);
    }
}
