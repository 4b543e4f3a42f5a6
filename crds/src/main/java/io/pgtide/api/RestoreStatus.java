package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A restore from a backup, asked for with the {@code pgtide.io/restore} annotation. The operator
 * runs it as a Job and owns every field but {@link #result}, which the runner writes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreStatus {
    @JsonPropertyDescription("The backup to restore (from the pgtide.io/restore annotation; written by the operator).")
    private String backupId;

    @JsonPropertyDescription("Pending, Running, Succeeded or Failed (written by the operator).")
    private String phase;

    @JsonPropertyDescription("The Kubernetes Job that runs the restore (written by the operator).")
    private String jobName;

    @JsonPropertyDescription("When the restore Job started (RFC 3339; written by the operator).")
    private String startTime;

    @JsonPropertyDescription("When the restore Job ended (RFC 3339; written by the operator).")
    private String completionTime;

    @JsonPropertyDescription("Human-readable explanation of the phase (written by the operator).")
    private String message;

    @JsonPropertyDescription("One line on what the restore did, or why it failed (written by the runner).")
    private String result;

    public String getBackupId() {
        return backupId;
    }

    public void setBackupId(String backupId) {
        this.backupId = backupId;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
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

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getResult() {
        return result;
    }

    public void setResult(String result) {
        this.result = result;
    }
}
