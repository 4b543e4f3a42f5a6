package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One table of the current or last run; written by the runner. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableStatus {
    @JsonPropertyDescription("The table, as named in spec.tables.")
    private String name;

    @JsonPropertyDescription("Pending, Running, Succeeded, Failed or RolledBack.")
    private TablePhase phase;

    @JsonPropertyDescription("Rows copied so far.")
    private Long rowsDone;

    @JsonPropertyDescription("Rows expected (approximate).")
    private Long rowsEstimated;

    @JsonPropertyDescription("Rows inserted into the target.")
    private Long inserted;

    @JsonPropertyDescription("Rows updated in the target.")
    private Long updated;

    @JsonPropertyDescription("Rows deleted from the target (deleteMissing).")
    private Long deleted;

    @JsonPropertyDescription("Rows already equal on both sides.")
    private Long unchanged;

    @JsonPropertyDescription("Key of the last committed chunk, rendered as text; a resume continues after it.")
    private String lastCheckpoint;

    @JsonPropertyDescription("Why the table failed.")
    private String error;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public TablePhase getPhase() {
        return phase;
    }

    public void setPhase(TablePhase phase) {
        this.phase = phase;
    }

    public Long getRowsDone() {
        return rowsDone;
    }

    public void setRowsDone(Long rowsDone) {
        this.rowsDone = rowsDone;
    }

    public Long getRowsEstimated() {
        return rowsEstimated;
    }

    public void setRowsEstimated(Long rowsEstimated) {
        this.rowsEstimated = rowsEstimated;
    }

    public Long getInserted() {
        return inserted;
    }

    public void setInserted(Long inserted) {
        this.inserted = inserted;
    }

    public Long getUpdated() {
        return updated;
    }

    public void setUpdated(Long updated) {
        this.updated = updated;
    }

    public Long getDeleted() {
        return deleted;
    }

    public void setDeleted(Long deleted) {
        this.deleted = deleted;
    }

    public Long getUnchanged() {
        return unchanged;
    }

    public void setUnchanged(Long unchanged) {
        this.unchanged = unchanged;
    }

    public String getLastCheckpoint() {
        return lastCheckpoint;
    }

    public void setLastCheckpoint(String lastCheckpoint) {
        this.lastCheckpoint = lastCheckpoint;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }
}
