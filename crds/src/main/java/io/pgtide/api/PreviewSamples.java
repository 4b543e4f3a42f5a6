package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** A few keys per kind of change of one table in a dry run, rendered as text. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreviewSamples {
    @JsonPropertyDescription("Keys of rows the sync would insert.")
    private List<String> insert;

    @JsonPropertyDescription("Keys of rows the sync would update.")
    private List<String> update;

    @JsonPropertyDescription("Keys of rows the sync would delete.")
    private List<String> delete;

    @JsonPropertyDescription("Keys of rows the sync would skip (the target keeps its version).")
    private List<String> skip;

    public List<String> getInsert() {
        return insert;
    }

    public void setInsert(List<String> insert) {
        this.insert = insert;
    }

    public List<String> getUpdate() {
        return update;
    }

    public void setUpdate(List<String> update) {
        this.update = update;
    }

    public List<String> getDelete() {
        return delete;
    }

    public void setDelete(List<String> delete) {
        this.delete = delete;
    }

    public List<String> getSkip() {
        return skip;
    }

    public void setSkip(List<String> skip) {
        this.skip = skip;
    }
}
