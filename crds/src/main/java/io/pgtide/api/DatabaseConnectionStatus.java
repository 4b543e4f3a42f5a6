package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/**
 * What the operator last found out about a connection. Never holds credentials.
 *
 * <p>Fields, lists included, stay null until written: a status object sent as a merge patch carries
 * only what its writer set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseConnectionStatus {
    @JsonPropertyDescription("The metadata.generation this status describes; set only once that generation was checked.")
    private Long observedGeneration;

    @JsonPropertyDescription("Checking, Ready, Unreachable or Invalid.")
    private ConnectionPhase phase;

    @JsonPropertyDescription("Ready, Reconciling and Stalled conditions (kstatus).")
    private List<Condition> conditions;

    @JsonPropertyDescription("The server's version, e.g. 16.4.")
    private String serverVersion;

    @JsonPropertyDescription("Round trip of the last successful check, connect and login included, in milliseconds.")
    private Long latencyMillis;

    @JsonPropertyDescription("When the last health check ran (RFC 3339).")
    private String lastCheckTime;

    @JsonPropertyDescription("When a health check last succeeded (RFC 3339).")
    private String lastSuccessTime;

    @JsonPropertyDescription("Health checks failed in a row since the last success.")
    private Integer consecutiveFailures;

    @JsonPropertyDescription("What the connection's role may do, and so which fast paths a sync can take.")
    private Privileges privileges;

    @JsonPropertyDescription("The database's own pgtide.environment setting (ALTER DATABASE ... SET), empty when it has"
            + " none. 'production' makes the database a production target whatever spec.environment says.")
    private String databaseEnvironment;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public ConnectionPhase getPhase() {
        return phase;
    }

    public void setPhase(ConnectionPhase phase) {
        this.phase = phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getServerVersion() {
        return serverVersion;
    }

    public void setServerVersion(String serverVersion) {
        this.serverVersion = serverVersion;
    }

    public Long getLatencyMillis() {
        return latencyMillis;
    }

    public void setLatencyMillis(Long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    public String getLastCheckTime() {
        return lastCheckTime;
    }

    public void setLastCheckTime(String lastCheckTime) {
        this.lastCheckTime = lastCheckTime;
    }

    public String getLastSuccessTime() {
        return lastSuccessTime;
    }

    public void setLastSuccessTime(String lastSuccessTime) {
        this.lastSuccessTime = lastSuccessTime;
    }

    public Integer getConsecutiveFailures() {
        return consecutiveFailures;
    }

    public void setConsecutiveFailures(Integer consecutiveFailures) {
        this.consecutiveFailures = consecutiveFailures;
    }

    public Privileges getPrivileges() {
        return privileges;
    }

    public void setPrivileges(Privileges privileges) {
        this.privileges = privileges;
    }

    public String getDatabaseEnvironment() {
        return databaseEnvironment;
    }

    public void setDatabaseEnvironment(String databaseEnvironment) {
        this.databaseEnvironment = databaseEnvironment;
    }
}
