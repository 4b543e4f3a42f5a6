package io.pgtide.runner.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads table definitions from pg_catalog (PostgreSQL 13 and newer). Only reads; works inside the
 * source's read-only snapshot transaction as well as on a plain target connection.
 */
public final class SchemaInspector {
    private final Connection connection;

    public SchemaInspector(Connection connection) {
        this.connection = connection;
    }

    /** Finds the table a user named, or empty when no table or partitioned table has that name. */
    public Optional<TableName> resolve(TableRef ref) throws SQLException {
        for (TableName candidate : ref.candidates()) {
            if (relationOid(candidate) != null) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What kind of relation has this name (for messages): "view", "sequence", ... or null. */
    public String otherRelationKind(TableRef ref) throws SQLException {
        for (TableName candidate : ref.candidates()) {
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT c.relkind FROM pg_catalog.pg_class c
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ? AND c.relname = ?""")) {
                ps.setString(1, candidate.schema());
                ps.setString(2, candidate.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return switch (rs.getString(1)) {
                            case "v" -> "view";
                            case "m" -> "materialized view";
                            case "S" -> "sequence";
                            case "f" -> "foreign table";
                            case "i", "I" -> "index";
                            default -> "relation";
                        };
                    }
                }
            }
        }
        return null;
    }

    private Long relationOid(TableName name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT c.oid FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')""")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    public TableSchema inspect(TableName name) throws SQLException {
        Long oid = relationOid(name);
        if (oid == null) {
            throw new SQLException("table " + name.display() + " does not exist", "42P01");
        }
        boolean partitioned;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT relkind = 'p' FROM pg_catalog.pg_class WHERE oid = ?")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                partitioned = rs.getBoolean(1);
            }
        }
        List<Column> columns = columns(oid, name);
        List<TableSchema.UniqueKey> uniqueKeys = uniqueKeys(oid);
        List<String> primaryKey = uniqueKeys.stream().filter(TableSchema.UniqueKey::primary)
                .map(TableSchema.UniqueKey::columns).findFirst().orElse(List.of());
        return new TableSchema(name, oid, partitioned, columns, primaryKey, uniqueKeys,
                foreignKeys("con.conrelid = ?", oid), foreignKeys("con.confrelid = ?", oid),
                triggers(oid), estimatedRows(oid), privileges(oid));
    }

    private List<Column> columns(long oid, TableName name) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT a.attname, a.attnum, pg_catalog.format_type(a.atttypid, a.atttypmod), a.atttypid,
                       a.attnotnull, a.atthasdef, a.attgenerated <> '', a.attidentity,
                       coalesce(pg_catalog.pg_get_serial_sequence(?, a.attname),
                                (SELECT d.refobjid::regclass::text
                                 FROM pg_catalog.pg_attrdef ad
                                 JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_attrdef'::regclass
                                      AND d.objid = ad.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
                                 JOIN pg_catalog.pg_class s ON s.oid = d.refobjid AND s.relkind = 'S'
                                 WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                                 ORDER BY d.refobjid LIMIT 1)),
                       t.typcollation <> 0
                FROM pg_catalog.pg_attribute a
                JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            ps.setString(1, name.sql());
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String identity = rs.getString(8);
                    String sequence = rs.getString(9);
                    out.add(new Column(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                            rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7),
                            identity == null || identity.isEmpty() ? 0 : identity.charAt(0),
                            sequence, rs.getBoolean(10)));
                }
            }
        }
        return out;
    }

    private List<TableSchema.UniqueKey> uniqueKeys(long oid) throws SQLException {
        List<TableSchema.UniqueKey> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT ic.relname, i.indisprimary,
                       ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                             JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                             WHERE k.ord <= i.indnkeyatts ORDER BY k.ord),
                       NOT EXISTS (SELECT 1 FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                                   JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                                   WHERE k.ord <= i.indnkeyatts AND NOT a.attnotnull)
                FROM pg_catalog.pg_index i
                JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                WHERE i.indrelid = ? AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
                  AND NOT (0 = ANY (i.indkey::int2[]))
                ORDER BY i.indisprimary DESC, i.indnkeyatts, ic.relname""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableSchema.UniqueKey(rs.getString(1), textArray(rs.getArray(3)),
                            rs.getBoolean(4), rs.getBoolean(2)));
                }
            }
        }
        return out;
    }

    private List<ForeignKey> foreignKeys(String condition, long oid) throws SQLException {
        List<ForeignKey> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT con.conname, fn.nspname, fc.relname, tn.nspname, tc.relname,
                       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                             ORDER BY k.ord),
                       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                             ORDER BY k.ord),
                       con.condeferrable, con.confdeltype
                FROM pg_catalog.pg_constraint con
                JOIN pg_catalog.pg_class fc ON fc.oid = con.conrelid
                JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
                JOIN pg_catalog.pg_class tc ON tc.oid = con.confrelid
                JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
                WHERE con.contype = 'f' AND con.conparentid = 0 AND\s""" + condition + " ORDER BY con.conname")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ForeignKey(rs.getString(1), new TableName(rs.getString(2), rs.getString(3)),
                            textArray(rs.getArray(6)), new TableName(rs.getString(4), rs.getString(5)),
                            textArray(rs.getArray(7)), rs.getBoolean(8), rs.getString(9).charAt(0)));
                }
            }
        }
        return out;
    }

    private List<String> triggers(long oid) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT tgname FROM pg_catalog.pg_trigger WHERE tgrelid = ? AND NOT tgisinternal ORDER BY tgname")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Planner statistics summed over all partitions; 0 when the table was never analyzed. */
    private long estimatedRows(long oid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint
                FROM pg_catalog.pg_class c
                WHERE c.oid = ?::oid OR c.oid IN (SELECT relid FROM pg_catalog.pg_partition_tree(?::oid::regclass))""")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private TableSchema.Privileges privileges(long oid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT has_table_privilege(?, 'SELECT'), has_table_privilege(?, 'INSERT'),
                       has_table_privilege(?, 'UPDATE'), has_table_privilege(?, 'DELETE'),
                       has_table_privilege(?, 'TRUNCATE')""")) {
            for (int i = 1; i <= 5; i++) {
                ps.setLong(i, oid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new TableSchema.Privileges(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3),
                        rs.getBoolean(4), rs.getBoolean(5));
            }
        }
    }

    /**
     * Whether an explicit cast from one type to another exists on this server. The server's own
     * parser decides (CAST of a NULL), so everything PostgreSQL accepts counts: pg_cast entries,
     * I/O conversions to and from text types, array element casts, domains, binary coercions.
     */
    public boolean castExists(String fromType, String toType) throws SQLException {
        boolean inTransaction = !connection.getAutoCommit();
        try (Statement st = connection.createStatement()) {
            if (inTransaction) {
                st.execute("SAVEPOINT pgtide_cast_check");
            }
            try {
                st.execute("SELECT CAST(CAST(NULL AS " + fromType + ") AS " + toType + ")");
                if (inTransaction) {
                    st.execute("RELEASE SAVEPOINT pgtide_cast_check");
                }
                return true;
            } catch (SQLException e) {
                if (inTransaction) {
                    st.execute("ROLLBACK TO SAVEPOINT pgtide_cast_check");
                }
                return false;
            }
        }
    }

    /** Whether a type of this name exists on this server (user types may exist on one side only). */
    public boolean typeExists(String type) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_catalog.to_regtype(?) IS NOT NULL")) {
            ps.setString(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static List<String> textArray(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).toList();
    }
}
