package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A restore requested with the annotation {@code pgtide.io/restore: <backup id>}. The operator owns
 * every field but {@link #result}, which the restore runner writes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreStatus {
    /** The annotation that requests a restore; its value is a backup id (status.backup.id of a run). */
    public static final String ANNOTATION = "pgtide.io/restore";

    @JsonPropertyDescription("The backup being (or last) restored, as requested by the pgtide.io/restore annotation.")
    private String backupId;

    @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
    private RestorePhase phase;

    @JsonPropertyDescription("The restore Job.")
    private String jobName;

    @JsonPropertyDescription("When the restore Job was created (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the restore ended (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("Human-readable state of the restore.")
    private String message;

    @JsonPropertyDescription("What the restore runner reported: the tables and rows it put back, or why it failed"
            + " (written by the runner).")
    private String result;

    public String getBackupId() {
        return backupId;
    }

    public void setBackupId(String backupId) {
        this.backupId = backupId;
    }

    public RestorePhase getPhase() {
        return phase;
    }

    public void setPhase(RestorePhase phase) {
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
