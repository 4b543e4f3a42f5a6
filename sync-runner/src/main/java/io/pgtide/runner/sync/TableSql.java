package io.pgtide.runner.sync;

import io.pgtide.runner.db.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The SQL for one table's sync, built from its {@link TablePlan}. Identifiers are always quoted.
 * Key bounds go into COPY statements as literals (COPY takes no parameters), cast to the column
 * type; text-like keys are compared and ordered with COLLATE "C" so that source order and target
 * ranges agree byte for byte whatever collations the two servers use.
 */
final class TableSql {
    private final TablePlan plan;
    private final String stage;

    TableSql(TablePlan plan, String stageName) {
        this.plan = plan;
        this.stage = Sql.ident(stageName);
    }

    String stageName() {
        return stage;
    }

    // ---- source ----

    /** COPY of the source rows after {@code lastKey} (all when null), in key order. */
    String copyOut(List<String> lastKey) {
        return "COPY (" + select(plan.columnNames(), lastKey) + ") TO STDOUT";
    }

    /** COPY of the source keys only, in key order (for deleting rows missing from the source). */
    String copyKeysOut(List<String> lastKey) {
        return "COPY (" + select(plan.key(), lastKey) + ") TO STDOUT";
    }

    private String select(List<String> columns, List<String> lastKey) {
        StringBuilder sql = new StringBuilder("SELECT ").append(Sql.idents(columns))
                .append(" FROM ").append(plan.table().sql());
        List<String> conditions = new ArrayList<>();
        if (plan.where() != null) {
            conditions.add("(" + plan.where() + ")");
        }
        if (lastKey != null && !plan.key().isEmpty()) {
            conditions.add(keyRow(null) + " > " + literalRow(lastKey, ColumnPlan::sourceType));
        }
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        if (!plan.key().isEmpty()) {
            sql.append(" ORDER BY ").append(plan.key().stream().map(k -> keyTerm(null, k)).collect(Collectors.joining(", ")));
        }
        return sql.toString();
    }

    // ---- target ----

    String createStage(List<String> columns) {
        return "CREATE TEMP TABLE " + stage + " (" + columns.stream()
                .map(c -> Sql.ident(c) + " " + plan.column(c).stageType())
                .collect(Collectors.joining(", ")) + ") ON COMMIT DELETE ROWS";
    }

    String dropStage() {
        return "DROP TABLE IF EXISTS pg_temp." + stage;
    }

    String copyIntoTable() {
        return "COPY " + plan.table().sql() + " (" + Sql.idents(plan.columnNames()) + ") FROM STDIN";
    }

    String copyIntoStage(List<String> columns) {
        return "COPY " + stage + " (" + Sql.idents(columns) + ") FROM STDIN";
    }

    /** Inserts staged rows whose key is not on the target yet. */
    String insertNew() {
        String cols = Sql.idents(plan.columnNames());
        return "INSERT INTO " + plan.table().sql() + " (" + cols + ")"
                + (plan.identityAlways() ? " OVERRIDING SYSTEM VALUE" : "")
                + " SELECT " + castList("s") + " FROM " + stage + " s"
                + (plan.key().isEmpty() ? "" : " WHERE NOT EXISTS (SELECT 1 FROM " + plan.table().sql() + " t WHERE " + keyJoin() + ")");
    }

    /** Updates target rows whose staged version differs; null when there is nothing to update. */
    String updateChanged() {
        List<ColumnPlan> set = updatable();
        if (set.isEmpty()) {
            return null;
        }
        return "UPDATE " + plan.table().sql() + " t SET "
                + set.stream().map(c -> Sql.ident(c.name()) + " = " + cast("s", c)).collect(Collectors.joining(", "))
                + " FROM " + stage + " s WHERE " + keyJoin() + " AND " + differs(set);
    }

    /** One key (as text) of a staged row that differs from the target's, for conflict = fail. */
    String firstConflict() {
        List<ColumnPlan> set = updatable();
        if (set.isEmpty()) {
            return null;
        }
        return "SELECT " + plan.key().stream().map(k -> "s." + Sql.ident(k) + "::text").collect(Collectors.joining(", "))
                + " FROM " + stage + " s JOIN " + plan.table().sql() + " t ON " + keyJoin() + " WHERE " + differs(set) + " LIMIT 1";
    }

    /** How many staged rows differ from the target's row with the same key; null when no column can differ. */
    String countConflicts() {
        List<ColumnPlan> set = updatable();
        if (set.isEmpty()) {
            return null;
        }
        return "SELECT count(*) FROM " + stage + " s JOIN " + plan.table().sql() + " t ON " + keyJoin() + " WHERE " + differs(set);
    }

    /**
     * Deletes target rows in the key range (after {@code lower}, up to and including {@code upper};
     * an absent bound is open) that match the table's filter and whose key is not staged.
     */
    String deleteMissingInRange(List<String> lower, List<String> upper) {
        List<String> conditions = new ArrayList<>();
        if (lower != null && upper == null) {
            // The last range is open-ended: it also takes rows with a NULL key column, which no
            // range comparison includes and no source row can match (as a single range does).
            conditions.add("(" + keyRow("t") + " > " + literalRow(lower, ColumnPlan::targetType) + " OR "
                    + plan.key().stream().map(k -> "t." + Sql.ident(k) + " IS NULL").collect(Collectors.joining(" OR ")) + ")");
        } else if (lower != null) {
            conditions.add(keyRow("t") + " > " + literalRow(lower, ColumnPlan::targetType));
        }
        if (upper != null) {
            conditions.add(keyRow("t") + " <= " + literalRow(upper, ColumnPlan::targetType));
        }
        if (plan.where() != null) {
            // Only rows inside the filter are the sync's business: a filtered sync must not delete
            // the target rows it was never asked to copy.
            conditions.add("(" + plan.where() + ")");
        }
        conditions.add("NOT EXISTS (SELECT 1 FROM " + stage + " s WHERE " + keyJoin() + ")");
        return "DELETE FROM " + plan.table().sql() + " t WHERE " + String.join(" AND ", conditions);
    }

    /** Whether the target holds rows after {@code lastKey} (all rows when null). */
    String targetHasRowsAfter(List<String> lastKey) {
        return "SELECT EXISTS (SELECT 1 FROM " + plan.table().sql() + " t"
                + (lastKey == null ? "" : " WHERE " + keyRow("t") + " > " + literalRow(lastKey, ColumnPlan::targetType)) + ")";
    }

    String countTarget() {
        return "SELECT count(*) FROM " + plan.table().sql();
    }

    String truncateTarget() {
        return "TRUNCATE " + plan.table().sql();
    }

    String deleteAllTarget() {
        return "DELETE FROM " + plan.table().sql();
    }

    /** Moves a sequence past the largest copied value (never backwards). */
    static String advanceSequence(TablePlan plan, TablePlan.SequenceRef seq) {
        return "SELECT pg_catalog.setval(" + Sql.literal(seq.sequence()) + "::regclass, m.v, true)"
                + " FROM (SELECT max(" + Sql.ident(seq.column()) + ")::bigint AS v FROM " + plan.table().sql() + ") m, "
                + seq.sequence() + " s WHERE m.v IS NOT NULL AND (m.v > s.last_value OR NOT s.is_called)";
    }

    // ---- pieces ----

    private List<ColumnPlan> updatable() {
        return plan.columns().stream().filter(ColumnPlan::updatable).toList();
    }

    /**
     * Types whose equality operator is exactly "same text form", so comparing values is as strict
     * as comparing text but much cheaper. Text types qualify only under COLLATE "C" (byte
     * equality; a non-deterministic collation could call 'a' and 'A' equal).
     */
    private static final Set<String> EXACT_EQUALITY_TYPES = Set.of("smallint", "integer", "bigint", "boolean", "uuid",
            "date", "timestamp without time zone", "timestamp with time zone", "bytea", "text", "character varying");

    private String differs(List<ColumnPlan> columns) {
        // Everything else is compared by its text form, which catches every visible change
        // (numeric scale 1.0 -> 1.00, json whitespace, -0) and works for types without an
        // equality operator (json, point, xml).
        return columns.stream().map(c -> {
            String t = "t." + Sql.ident(c.name());
            String s = cast("s", c);
            if (EXACT_EQUALITY_TYPES.contains(baseTypeName(c.targetType()))) {
                String collate = c.collatable() ? " COLLATE \"C\"" : "";
                return t + collate + " IS DISTINCT FROM " + s + collate;
            }
            return t + "::text IS DISTINCT FROM (" + s + ")::text";
        }).collect(Collectors.joining(" OR ", "(", ")"));
    }

    /** The type name without a length modifier: "character varying(20)" -> "character varying". */
    private static String baseTypeName(String type) {
        int paren = type.indexOf('(');
        return paren < 0 ? type : type.substring(0, paren);
    }

    private String keyJoin() {
        return plan.key().stream()
                .map(k -> "t." + Sql.ident(k) + " = " + cast("s", plan.column(k)))
                .collect(Collectors.joining(" AND "));
    }

    private String castList(String alias) {
        return plan.columns().stream().map(c -> cast(alias, c)).collect(Collectors.joining(", "));
    }

    private static String cast(String alias, ColumnPlan c) {
        String ref = alias + "." + Sql.ident(c.name());
        return c.stageType().equals(c.targetType()) ? ref : ref + "::" + c.targetType();
    }

    private String keyRow(String alias) {
        return "(" + plan.key().stream().map(k -> keyTerm(alias, k)).collect(Collectors.joining(", ")) + ")";
    }

    private String keyTerm(String alias, String column) {
        String ref = (alias == null ? "" : alias + ".") + Sql.ident(column);
        return plan.column(column).collatable() ? ref + " COLLATE \"C\"" : ref;
    }

    private String literalRow(List<String> values, Function<ColumnPlan, String> type) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < plan.key().size(); i++) {
            ColumnPlan c = plan.column(plan.key().get(i));
            parts.add(Sql.literal(values.get(i)) + "::" + type.apply(c));
        }
        return "(" + String.join(", ", parts) + ")";
    }
}
