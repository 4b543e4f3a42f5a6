package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The backup the last run took of the target rows it could change. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus {
    @JsonPropertyDescription("Backup identity, as given to the runner's restore command.")
    private String id;

    @JsonPropertyDescription("Schema on the target that holds the backup tables.")
    private String schema;

    @JsonPropertyDescription("When the backup was taken (RFC 3339).")
    private String createdAt;

    @JsonPropertyDescription("Tables backed up.")
    private Integer tables;

    @JsonPropertyDescription("Rows backed up.")
    private Long rows;

    @JsonPropertyDescription("Size of the backup tables on the target, in bytes.")
    private Long bytes;

    @JsonPropertyDescription("How long taking the backup took, in milliseconds.")
    private Long durationMillis;

    @JsonPropertyDescription("Open (its run has not finished), Finished, RolledBack (the run was aborted and restored"
            + " from it), Restored (restored on demand) or Abandoned (its job was restarted with a new backup).")
    private String state;

    @JsonPropertyDescription("Why no backup was taken (policy Disabled, or BestEffort and the backup failed).")
    private String message;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public Integer getTables() {
        return tables;
    }

    public void setTables(Integer tables) {
        this.tables = tables;
    }

    public Long getRows() {
        return rows;
    }

    public void setRows(Long rows) {
        this.rows = rows;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Long getBytes() {
        return bytes;
    }

    public void setBytes(Long bytes) {
        this.bytes = bytes;
    }

    public Long getDurationMillis() {
        return durationMillis;
    }

    public void setDurationMillis(Long durationMillis) {
        this.durationMillis = durationMillis;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }
}
