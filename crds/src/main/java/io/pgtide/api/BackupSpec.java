package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The backup of target rows a run takes before it writes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSpec {
    @Default("BestEffort")
    @JsonPropertyDescription("BestEffort (default), Required (a failed backup stops the run before any write) or Disabled.")
    private BackupPolicy policy = BackupPolicy.BestEffort;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("How many runs' backups are kept on the target; older ones are dropped.")
    private Integer retain;

    public BackupPolicy getPolicy() {
        return policy;
    }

    public void setPolicy(BackupPolicy policy) {
        this.policy = policy;
    }

    public Integer getRetain() {
        return retain;
    }

    public void setRetain(Integer retain) {
        this.retain = retain;
    }
}
