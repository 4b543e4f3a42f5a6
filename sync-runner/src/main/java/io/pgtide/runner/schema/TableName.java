package io.pgtide.runner.schema;

import io.pgtide.runner.db.Sql;

/** A resolved, exact table name (as stored in pg_catalog). */
public record TableName(String schema, String name) implements Comparable<TableName> {

    /** The name quoted for SQL. */
    public String sql() {
        return Sql.ident(schema) + "." + Sql.ident(name);
    }

    /** The name as a user would type it: plain where that is unambiguous, quoted otherwise. */
    public String display() {
        return TableRef.displayPart(schema) + "." + TableRef.displayPart(name);
    }

    @Override
    public int compareTo(TableName o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return display();
    }
}
