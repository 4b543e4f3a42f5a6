package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/**
 * What to sync from where to where, and how. Rules that need other objects (production confirmation,
 * a read-only target, namespace limits, parsing {@code where}) live in the operator's webhook and
 * reconciler, not here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.sourceRef.name != self.targetRef.name",
        message = "sourceRef and targetRef must name different DatabaseConnections", reason = "FieldValueInvalid")
@ValidationRule(value = "!has(self.deleteMissing) || !self.deleteMissing || !has(self.mode) || self.mode == 'Merge'",
        message = "deleteMissing needs mode Merge", reason = "FieldValueInvalid")
public class SyncJobSpec {
    @Required
    @JsonPropertyDescription("The DatabaseConnection to read from (only ever read, in a read-only transaction).")
    private ConnectionRef sourceRef;

    @Required
    @JsonPropertyDescription("The DatabaseConnection to write to.")
    private ConnectionRef targetRef;

    @Required
    @Size(min = 1, max = 50)
    @ValidationRule(value = "self.all(t, self.exists_one(u, u.name == t.name))",
            message = "table names must be unique", reason = "FieldValueDuplicate")
    @JsonPropertyDescription("The tables to sync (1 to 50), in any order: the runner orders them by their foreign keys.")
    private List<TableSpec> tables;

    @Default("Merge")
    @JsonPropertyDescription("Merge (default), Truncate or Append.")
    private SyncMode mode = SyncMode.Merge;

    @Default("SourceWins")
    @JsonPropertyDescription("In Merge mode, which side wins when a row differs: SourceWins (default), TargetWins or Fail.")
    private ConflictStrategy conflict = ConflictStrategy.SourceWins;

    @JsonPropertyDescription("In Merge mode, delete target rows the source does not have.")
    private Boolean deleteMissing;

    @JsonPropertyDescription("Validate and compute what would change (status.preview) without writing to the target.")
    private Boolean dryRun;

    @JsonPropertyDescription("Backup of the target rows a run may change (default policy BestEffort).")
    private BackupSpec backup;

    @Default("50000")
    @Min(1000)
    @Max(10000000)
    @JsonPropertyDescription("Rows per chunk; each chunk commits together with its checkpoint (default 50000).")
    private Integer checkpointEveryRows = 50_000;

    @JsonPropertyDescription("Write rate ceiling and adaptive slowdown.")
    private RateLimit rateLimit;

    @Default("2")
    @Min(1)
    @Max(16)
    @JsonPropertyDescription("Tables synced at the same time when foreign keys allow (default 2).")
    private Integer parallelism = 2;

    @Default("2h")
    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @ValidationRule(value = "duration(self) >= duration('1m')", message = "timeout must be at least 1m",
            reason = "FieldValueInvalid")
    @JsonPropertyDescription("A run stops cleanly at a checkpoint after this long, e.g. 2h (default), 90m, 1h30m;"
            + " capped by the operator's configuration.")
    private String timeout = "2h";

    @Default("Abort")
    @JsonPropertyDescription("Abort (default: stop and restore the touched tables from the backup) or Continue (record"
            + " the error, sync the other tables, end PartiallySucceeded).")
    private OnTableError onTableError = OnTableError.Abort;

    @JsonPropertyDescription("True stops a running run at its next checkpoint (phase Suspended) and starts no new run;"
            + " false again resumes from the checkpoint.")
    private Boolean suspend;

    @Size(max = 128)
    @Pattern("^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|\\S+(\\s+\\S+){4})$")
    @JsonPropertyDescription("Cron schedule as in a CronJob, e.g. \"0 3 * * *\" (UTC). Runs never overlap; missed runs"
            + " are not piled up. Without it the job runs once (and again when rerunNonce changes).")
    private String schedule;

    @Size(max = 63)
    @JsonPropertyDescription("Changing this value starts a new run once the previous one has finished.")
    private String rerunNonce;

    @Size(max = 253)
    @JsonPropertyDescription("Must equal the target DatabaseConnection's name when the target is production: its"
            + " environment is Production, or its database carries pgtide.environment = 'production'. Dry runs need none.")
    private String productionConfirmation;

    @JsonPropertyDescription("E-mail and webhook notifications on run events.")
    private Notifications notifications;

    public ConnectionRef getSourceRef() {
        return sourceRef;
    }

    public void setSourceRef(ConnectionRef sourceRef) {
        this.sourceRef = sourceRef;
    }

    public ConnectionRef getTargetRef() {
        return targetRef;
    }

    public void setTargetRef(ConnectionRef targetRef) {
        this.targetRef = targetRef;
    }

    public List<TableSpec> getTables() {
        return tables;
    }

    public void setTables(List<TableSpec> tables) {
        this.tables = tables;
    }

    public SyncMode getMode() {
        return mode;
    }

    public void setMode(SyncMode mode) {
        this.mode = mode;
    }

    public ConflictStrategy getConflict() {
        return conflict;
    }

    public void setConflict(ConflictStrategy conflict) {
        this.conflict = conflict;
    }

    public Boolean getDeleteMissing() {
        return deleteMissing;
    }

    public void setDeleteMissing(Boolean deleteMissing) {
        this.deleteMissing = deleteMissing;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    public BackupSpec getBackup() {
        return backup;
    }

    public void setBackup(BackupSpec backup) {
        this.backup = backup;
    }

    public Integer getCheckpointEveryRows() {
        return checkpointEveryRows;
    }

    public void setCheckpointEveryRows(Integer checkpointEveryRows) {
        this.checkpointEveryRows = checkpointEveryRows;
    }

    public RateLimit getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(RateLimit rateLimit) {
        this.rateLimit = rateLimit;
    }

    public Integer getParallelism() {
        return parallelism;
    }

    public void setParallelism(Integer parallelism) {
        this.parallelism = parallelism;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public OnTableError getOnTableError() {
        return onTableError;
    }

    public void setOnTableError(OnTableError onTableError) {
        this.onTableError = onTableError;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getRerunNonce() {
        return rerunNonce;
    }

    public void setRerunNonce(String rerunNonce) {
        this.rerunNonce = rerunNonce;
    }

    public String getProductionConfirmation() {
        return productionConfirmation;
    }

    public void setProductionConfirmation(String productionConfirmation) {
        this.productionConfirmation = productionConfirmation;
    }

    public Notifications getNotifications() {
        return notifications;
    }

    public void setNotifications(Notifications notifications) {
        this.notifications = notifications;
    }
}
