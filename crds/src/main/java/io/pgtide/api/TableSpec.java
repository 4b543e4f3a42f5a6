package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/**
 * One table of a SyncJob, with optional per-table settings. Every string and list has a maximum size:
 * the API server estimates the cost of CEL rules (such as the SyncJob's immutability rule, which
 * compares whole table lists) from these bounds and rejects a CRD whose estimate is too high.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.columns) || !has(self.excludeColumns)",
        message = "set either columns or excludeColumns, not both", reason = "FieldValueInvalid")
public class TableSpec {
    @Required
    @Size(min = 1, max = 255)
    @Pattern(ApiPatterns.TABLE_NAME)
    @JsonPropertyDescription("The table, schema-qualified: sales.orders or \"Sales\".\"Order Items\".")
    private String name;

    @Size(min = 1, max = 4096)
    @JsonPropertyDescription("Only source rows matching this SQL boolean expression are synced (and, with"
            + " deleteMissing, only target rows matching it are deleted).")
    private String where;

    @Size(min = 1, max = 1600)
    @JsonPropertyDescription("Only these columns are synced (default: all columns both sides have).")
    private List<@Size(min = 1, max = 63) String> columns;

    @Size(min = 1, max = 1600)
    @JsonPropertyDescription("These columns are not synced.")
    private List<@Size(min = 1, max = 63) String> excludeColumns;

    @Size(min = 1, max = 32)
    @JsonPropertyDescription("Columns identifying a row when the table has no primary key.")
    private List<@Size(min = 1, max = 63) String> key;

    @JsonPropertyDescription("Overrides spec.mode for this table.")
    private SyncMode mode;

    @JsonPropertyDescription("Overrides spec.conflict for this table.")
    private ConflictStrategy conflict;

    public TableSpec() {
    }

    public TableSpec(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getWhere() {
        return where;
    }

    public void setWhere(String where) {
        this.where = where;
    }

    public List<String> getColumns() {
        return columns;
    }

    public void setColumns(List<String> columns) {
        this.columns = columns;
    }

    public List<String> getExcludeColumns() {
        return excludeColumns;
    }

    public void setExcludeColumns(List<String> excludeColumns) {
        this.excludeColumns = excludeColumns;
    }

    public List<String> getKey() {
        return key;
    }

    public void setKey(List<String> key) {
        this.key = key;
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
}
