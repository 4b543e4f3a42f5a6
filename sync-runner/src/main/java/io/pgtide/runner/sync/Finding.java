package io.pgtide.runner.sync;

/** A pre-sync validation result: errors stop the run before any write, warnings are shown. */
public record Finding(Severity severity, String table, String message) {
    public enum Severity { ERROR, WARNING }

    public static Finding error(String table, String message) {
        return new Finding(Severity.ERROR, table, message);
    }

    public static Finding warning(String table, String message) {
        return new Finding(Severity.WARNING, table, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return (isError() ? "ERROR" : "WARNING") + (table == null ? "" : " " + table) + ": " + message;
    }
}
