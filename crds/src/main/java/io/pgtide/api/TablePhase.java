package io.pgtide.api;

/** Where one table of a run is. */
public enum TablePhase {
    Pending, Running, Succeeded, Failed, RolledBack
}
