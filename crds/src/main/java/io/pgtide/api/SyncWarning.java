package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A pre-sync validation finding that does not stop the run (a type widening, a missing privilege, ...). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyncWarning {
    @JsonPropertyDescription("The table concerned; unset for the whole job.")
    private String table;

    @JsonPropertyDescription("What was found.")
    private String message;

    public SyncWarning() {
    }

    public SyncWarning(String table, String message) {
        this.table = table;
        this.message = message;
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
