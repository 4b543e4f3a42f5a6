package io.pgtide.runner.db;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for identifiers and the few literals that cannot be bound (COPY takes no parameters). */
public final class Sql {
    private Sql() {
    }

    /** Always quotes, so mixed case, spaces and reserved words survive. */
    public static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String idents(List<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    /**
     * A string literal for contexts that take no bind parameters (COPY). Sessions run with
     * standard_conforming_strings on, so only quotes need doubling; NUL cannot occur in text.
     */
    public static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }
}
