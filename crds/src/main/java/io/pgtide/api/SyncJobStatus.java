package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/**
 * The state of a SyncJob. Two writers share it, each patching only its own fields with a JSON merge
 * patch: the operator owns everything except {@link #progress}, {@link #tables}, {@link #backup} and
 * {@code restore.result}, which the runner owns. Fields, lists included, stay null until written, so
 * a status object sent as a merge patch carries only what its writer set and never erases the other
 * writer's fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyncJobStatus {
    // ---- operator-owned ----

    @JsonPropertyDescription("The metadata.generation this status describes; set only once that generation was processed.")
    private Long observedGeneration;

    @JsonPropertyDescription("Pending, Blocked, Queued, Running, Suspended, Succeeded, PartiallySucceeded, Failed or RolledBack.")
    private SyncJobPhase phase;

    @JsonPropertyDescription("Machine-readable CamelCase reason for the phase, e.g. ConfirmationRequired, ConnectionNotReady,"
            + " DeadlineExceeded.")
    private String reason;

    @JsonPropertyDescription("Human-readable explanation of the phase.")
    private String message;

    @JsonPropertyDescription("Ready, Reconciling, Stalled (kstatus), Complete and Failed conditions.")
    private List<Condition> conditions;

    @JsonPropertyDescription("The current or last run.")
    private RunStatus run;

    @JsonPropertyDescription("Pre-sync validation warnings of the current or last run.")
    private List<SyncWarning> warnings;

    @JsonPropertyDescription("What a dry run found would change.")
    private Preview preview;

    @JsonPropertyDescription("When a run last succeeded (RFC 3339).")
    private String lastSuccessfulRunTime;

    @JsonPropertyDescription("When the schedule starts the next run (RFC 3339).")
    private String nextScheduledRunTime;

    // ---- runner-owned ----

    @JsonPropertyDescription("Progress of the current or last run (written by the runner).")
    private Progress progress;

    @JsonPropertyDescription("Per-table state of the current or last run (written by the runner).")
    private List<TableStatus> tables;

    @JsonPropertyDescription("The backup the current or last run took, or why it has none (written by the runner).")
    private BackupStatus backup;

    @JsonPropertyDescription("The last restore from a backup asked for with the pgtide.io/restore annotation"
            + " (result written by the runner, the rest by the operator).")
    private RestoreStatus restore;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public SyncJobPhase getPhase() {
        return phase;
    }

    public void setPhase(SyncJobPhase phase) {
        this.phase = phase;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public RunStatus getRun() {
        return run;
    }

    public void setRun(RunStatus run) {
        this.run = run;
    }

    public List<SyncWarning> getWarnings() {
        return warnings;
    }

    public void setWarnings(List<SyncWarning> warnings) {
        this.warnings = warnings;
    }

    public BackupStatus getBackup() {
        return backup;
    }

    public void setBackup(BackupStatus backup) {
        this.backup = backup;
    }

    public Preview getPreview() {
        return preview;
    }

    public void setPreview(Preview preview) {
        this.preview = preview;
    }

    public String getLastSuccessfulRunTime() {
        return lastSuccessfulRunTime;
    }

    public void setLastSuccessfulRunTime(String lastSuccessfulRunTime) {
        this.lastSuccessfulRunTime = lastSuccessfulRunTime;
    }

    public String getNextScheduledRunTime() {
        return nextScheduledRunTime;
    }

    public void setNextScheduledRunTime(String nextScheduledRunTime) {
        this.nextScheduledRunTime = nextScheduledRunTime;
    }

    public Progress getProgress() {
        return progress;
    }

    public void setProgress(Progress progress) {
        this.progress = progress;
    }

    public List<TableStatus> getTables() {
        return tables;
    }

    public void setTables(List<TableStatus> tables) {
        this.tables = tables;
    }

    public RestoreStatus getRestore() {
        return restore;
    }

    public void setRestore(RestoreStatus restore) {
        this.restore = restore;
    }
}
