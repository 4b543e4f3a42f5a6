package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How far the current run is; written by the runner at most every few seconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Progress {
    @JsonPropertyDescription("Tables in the run.")
    private Integer tablesTotal;

    @JsonPropertyDescription("Tables finished (successfully or not).")
    private Integer tablesDone;

    @JsonPropertyDescription("Rows copied so far.")
    private Long rowsDone;

    @JsonPropertyDescription("Rows expected in total (from planner statistics, so approximate).")
    private Long rowsEstimated;

    @JsonPropertyDescription("0 to 100.")
    private Integer percent;

    @JsonPropertyDescription("Recent throughput.")
    private Long rowsPerSecond;

    @JsonPropertyDescription("The run's current write rate limit in rows per second over all tables"
            + " (spec.rateLimit: the ceiling, or the adaptive rate); absent when writes are not limited.")
    private Long rateLimitRowsPerSecond;

    @JsonPropertyDescription("Estimated seconds left.")
    private Long etaSeconds;

    @JsonPropertyDescription("When the runner last wrote this (RFC 3339).")
    private String updatedAt;

    public Integer getTablesTotal() {
        return tablesTotal;
    }

    public void setTablesTotal(Integer tablesTotal) {
        this.tablesTotal = tablesTotal;
    }

    public Integer getTablesDone() {
        return tablesDone;
    }

    public void setTablesDone(Integer tablesDone) {
        this.tablesDone = tablesDone;
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

    public Integer getPercent() {
        return percent;
    }

    public void setPercent(Integer percent) {
        this.percent = percent;
    }

    public Long getRowsPerSecond() {
        return rowsPerSecond;
    }

    public void setRowsPerSecond(Long rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    public Long getRateLimitRowsPerSecond() {
        return rateLimitRowsPerSecond;
    }

    public void setRateLimitRowsPerSecond(Long rateLimitRowsPerSecond) {
        this.rateLimitRowsPerSecond = rateLimitRowsPerSecond;
    }

    public Long getEtaSeconds() {
        return etaSeconds;
    }

    public void setEtaSeconds(Long etaSeconds) {
        this.etaSeconds = etaSeconds;
    }

    public String getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
    }
}
