package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How often and how patiently the operator re-checks a connection. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.intervalSeconds) || !has(self.timeoutSeconds) || self.timeoutSeconds < self.intervalSeconds",
        message = "healthCheck.timeoutSeconds must be less than healthCheck.intervalSeconds",
        reason = "FieldValueInvalid")
public class HealthCheck {
    @Default("60")
    @Min(10)
    @Max(86400)
    @JsonPropertyDescription("Seconds between two health checks (default 60).")
    private Integer intervalSeconds = 60;

    @Default("10")
    @Min(1)
    @Max(300)
    @JsonPropertyDescription("Seconds one connection attempt may take (default 10).")
    private Integer timeoutSeconds = 10;

    public Integer getIntervalSeconds() {
        return intervalSeconds;
    }

    public void setIntervalSeconds(Integer intervalSeconds) {
        this.intervalSeconds = intervalSeconds;
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }
}
