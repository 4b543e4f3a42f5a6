package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** What a run would change in one table (dry run). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TablePreview {
    @JsonPropertyDescription("The table.")
    private String name;

    @JsonPropertyDescription("Rows the sync would insert.")
    private Long toInsert;

    @JsonPropertyDescription("Rows the sync would update.")
    private Long toUpdate;

    @JsonPropertyDescription("Rows the sync would delete (deleteMissing).")
    private Long toDelete;

    @JsonPropertyDescription("Rows already equal on both sides.")
    private Long unchanged;

    @JsonPropertyDescription("Source rows the sync would not write because the target keeps its version (conflict TargetWins, mode Append).")
    private Long toSkip;

    @JsonPropertyDescription("Rows that differ while the conflict strategy is Fail: a real sync of this table would fail.")
    private Long conflicts;

    @JsonPropertyDescription("A few keys of rows that would change, rendered as text.")
    private List<String> sampleKeys;

    @JsonPropertyDescription("A few keys of each kind of change.")
    private PreviewSamples samples;

    @JsonPropertyDescription("Where the preview may differ from the real sync, or why the sync would stop.")
    private List<String> warnings;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Long getToInsert() {
        return toInsert;
    }

    public void setToInsert(Long toInsert) {
        this.toInsert = toInsert;
    }

    public Long getToUpdate() {
        return toUpdate;
    }

    public void setToUpdate(Long toUpdate) {
        this.toUpdate = toUpdate;
    }

    public Long getToDelete() {
        return toDelete;
    }

    public void setToDelete(Long toDelete) {
        this.toDelete = toDelete;
    }

    public Long getUnchanged() {
        return unchanged;
    }

    public void setUnchanged(Long unchanged) {
        this.unchanged = unchanged;
    }

    public Long getToSkip() {
        return toSkip;
    }

    public void setToSkip(Long toSkip) {
        this.toSkip = toSkip;
    }

    public Long getConflicts() {
        return conflicts;
    }

    public void setConflicts(Long conflicts) {
        this.conflicts = conflicts;
    }

    public PreviewSamples getSamples() {
        return samples;
    }

    public void setSamples(PreviewSamples samples) {
        this.samples = samples;
    }

    public List<String> getWarnings() {
        return warnings;
    }

    public void setWarnings(List<String> warnings) {
        this.warnings = warnings;
    }

    public List<String> getSampleKeys() {
        return sampleKeys;
    }

    public void setSampleKeys(List<String> sampleKeys) {
        this.sampleKeys = sampleKeys;
    }
}
