package io.pgtide.runner.schema;

import java.util.List;

/**
 * A foreign key from {@code from} (the referencing table) to {@code to}.
 *
 * @param onDelete pg_constraint.confdeltype: 'a' no action, 'r' restrict, 'c' cascade, 'n' set null, 'd' set default
 */
public record ForeignKey(String name, TableName from, List<String> fromColumns, TableName to,
                         List<String> toColumns, boolean deferrable, char onDelete) {

    public boolean selfReference() {
        return from.equals(to);
    }
}
