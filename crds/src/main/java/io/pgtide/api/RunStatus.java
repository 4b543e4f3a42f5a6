package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The current or last run of a SyncJob. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunStatus {
    @JsonPropertyDescription("Identity of the run; also the runner's checkpoint identity, so a retry resumes.")
    private String id;

    @JsonPropertyDescription("1 for the first start, one more for each resume after a crash or a suspend.")
    private Integer attempt;

    @JsonPropertyDescription("Name of the runner's batch/v1 Job.")
    private String jobName;

    @JsonPropertyDescription("When the run started (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the run ended (RFC 3339); unset while it is active.")
    private String completionTime;

    @JsonPropertyDescription("The spec.schedule time this run was started for (RFC 3339); unset for a run started by"
            + " creating the SyncJob or by a new rerunNonce.")
    private String scheduledTime;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public String getJobName() {
        return jobName;
    }

    public void setJobName(String jobName) {
        this.jobName = jobName;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public String getScheduledTime() {
        return scheduledTime;
    }

    public void setScheduledTime(String scheduledTime) {
        this.scheduledTime = scheduledTime;
    }
}
