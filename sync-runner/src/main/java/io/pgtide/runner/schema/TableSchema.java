package io.pgtide.runner.schema;

import java.util.List;
import java.util.Optional;

/**
 * What pgtide needs to know of one table on one side.
 *
 * @param uniqueKeys   non-partial unique indexes over plain columns, primary key first
 * @param foreignKeys  foreign keys this table declares
 * @param referencedBy foreign keys of any table (in the job or not) that point at this one
 * @param triggers     user triggers (not constraint triggers)
 */
public record TableSchema(TableName name, long oid, boolean partitioned, List<Column> columns,
                          List<String> primaryKey, List<UniqueKey> uniqueKeys, List<ForeignKey> foreignKeys,
                          List<ForeignKey> referencedBy, List<String> triggers, long estimatedRows,
                          Privileges privileges) {

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** A unique index: its columns, and whether all of them are NOT NULL. */
    public record UniqueKey(String indexName, List<String> columns, boolean allNotNull, boolean primary) {
    }

    /** Table privileges of the connected role. */
    public record Privileges(boolean select, boolean insert, boolean update, boolean delete, boolean truncate) {
    }
}
