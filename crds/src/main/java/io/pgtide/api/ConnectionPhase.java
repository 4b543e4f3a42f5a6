package io.pgtide.api;

/** The short state of a DatabaseConnection shown by {@code kubectl get dbconn}. */
public enum ConnectionPhase {
    /** Being checked for the first time since its spec changed. */
    Checking,
    /** The last health check connected and logged in. */
    Ready,
    /** The last health check could not connect (network, DNS, timeout, authentication). */
    Unreachable,
    /** The spec or its Secret cannot work as it is (missing Secret or key, malformed URL). */
    Invalid
}
