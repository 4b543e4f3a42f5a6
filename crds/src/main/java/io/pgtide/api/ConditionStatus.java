package io.pgtide.api;

/** The three values of a Kubernetes condition's status. */
public enum ConditionStatus {
    True, False, Unknown
}
