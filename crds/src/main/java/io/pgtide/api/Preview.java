package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/** The result of a dry run: what a real run would change, per table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Preview {
    @JsonPropertyDescription("When the preview was computed (RFC 3339).")
    private String generatedAt;

    @JsonPropertyDescription("The totals in one line, e.g. \"+120 ~30 -5 =10,000 in 3 tables\" (insert, update, delete, unchanged).")
    private String summary;

    @JsonPropertyDescription("Per-table differences.")
    private List<TablePreview> tables;

    public String getGeneratedAt() {
        return generatedAt;
    }

    public void setGeneratedAt(String generatedAt) {
        this.generatedAt = generatedAt;
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    public List<TablePreview> getTables() {
        return tables;
    }

    public void setTables(List<TablePreview> tables) {
        this.tables = tables;
    }
}
