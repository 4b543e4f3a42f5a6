package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** How fast a run may write to the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RateLimit {
    @Min(1)
    @JsonPropertyDescription("Ceiling on rows written per second, over all tables of the run.")
    private Long maxRowsPerSecond;

    @JsonPropertyDescription("Slow down while the target's commit latency rises, speed up again when it falls.")
    private Boolean adaptive;

    public Long getMaxRowsPerSecond() {
        return maxRowsPerSecond;
    }

    public void setMaxRowsPerSecond(Long maxRowsPerSecond) {
        this.maxRowsPerSecond = maxRowsPerSecond;
    }

    public Boolean getAdaptive() {
        return adaptive;
    }

    public void setAdaptive(Boolean adaptive) {
        this.adaptive = adaptive;
    }
}
