package io.pgtide.api;

/** Regular expressions shared by several fields (ECMA 262 and RE2 alike, as OpenAPI and CEL need). */
final class ApiPatterns {
    /** A Kubernetes object name (RFC 1123 DNS subdomain), e.g. of a Secret or a DatabaseConnection. */
    static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    /** A key of a Secret's data. */
    static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";
    /**
     * A table as the runner parses it: {@code orders}, {@code sales.orders} or {@code "Sales"."Order Items"}
     * (a quoted part may hold anything, with {@code ""} for a quote).
     */
    static final String TABLE_NAME = "^(\"([^\"]|\"\")+\"|[^\".\\s]+)(\\.(\"([^\"]|\"\")+\"|[^\".\\s]+))?$";
    /** A duration as the runner reads it: 2h, 90m, 1h30m, 45s, 500ms. Also valid for CEL's duration(). */
    static final String DURATION = "^([0-9]+(ms|h|m|s))+$";

    private ApiPatterns() {
    }
}
