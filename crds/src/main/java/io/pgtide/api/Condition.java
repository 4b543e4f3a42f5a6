package io.pgtide.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A status condition in the Kubernetes ({@code metav1.Condition}) and kstatus style, shared by both
 * kinds. kstatus reads {@link #READY}, {@link #RECONCILING} and {@link #STALLED}; a finished SyncJob
 * run also carries {@link #COMPLETE} or {@link #FAILED}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
    /** The resource is usable (a connection answers; a job's last run succeeded). */
    public static final String READY = "Ready";
    /** Work is in progress: kstatus reports the resource as InProgress. */
    public static final String RECONCILING = "Reconciling";
    /** Progress needs a human (bad spec, missing Secret, confirmation required): kstatus reports Failed. */
    public static final String STALLED = "Stalled";
    /** A SyncJob run finished successfully. */
    public static final String COMPLETE = "Complete";
    /** A SyncJob run finished unsuccessfully. */
    public static final String FAILED = "Failed";

    @Required
    @Size(max = 316)
    @JsonPropertyDescription("Type of condition in CamelCase: Ready, Reconciling, Stalled, Complete or Failed.")
    private String type;

    @Required
    @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
    private ConditionStatus status;

    @Size(max = 1024)
    @JsonPropertyDescription("Machine-readable CamelCase reason for the last transition.")
    private String reason;

    @Size(max = 32768)
    @JsonPropertyDescription("Human-readable details about the last transition.")
    private String message;

    @JsonPropertyDescription("When the condition last changed status (RFC 3339).")
    private String lastTransitionTime;

    @JsonPropertyDescription("The metadata.generation the condition was computed from.")
    private Long observedGeneration;

    public Condition() {
    }

    public Condition(String type, ConditionStatus status, String reason, String message, String lastTransitionTime,
                     Long observedGeneration) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
        this.lastTransitionTime = lastTransitionTime;
        this.observedGeneration = observedGeneration;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public ConditionStatus getStatus() {
        return status;
    }

    public void setStatus(ConditionStatus status) {
        this.status = status;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
