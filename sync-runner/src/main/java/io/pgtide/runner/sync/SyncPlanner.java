package io.pgtide.runner.sync;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;
import io.pgtide.runner.db.Sql;
import io.pgtide.runner.schema.Column;
import io.pgtide.runner.schema.ForeignKey;
import io.pgtide.runner.schema.SchemaInspector;
import io.pgtide.runner.schema.TableName;
import io.pgtide.runner.schema.TableSchema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pre-sync validation and planning: inspects both sides, decides per table how it is synced, and
 * collects errors (the run stops before any write) and warnings (shown, the run goes on).
 * Reads only.
 */
public final class SyncPlanner {

    /** The outcome of planning: the tables in FK order (when there are no errors) and the findings. */
    public record Plan(List<TablePlan> tables, List<Finding> findings, ForeignKeyOrder order,
                       Map<TableName, TableSchema> targetSchemas) {
        public boolean hasErrors() {
            return findings.stream().anyMatch(Finding::isError);
        }

        public List<Finding> errors() {
            return findings.stream().filter(Finding::isError).toList();
        }

        public List<Finding> warnings() {
            return findings.stream().filter(f -> !f.isError()).toList();
        }
    }

    private final SyncOptions options;
    private final Connection source;
    private final Connection target;
    private final SchemaInspector sourceInspector;
    private final SchemaInspector targetInspector;
    private final boolean preview;

    public SyncPlanner(SyncOptions options, Connection source, Connection target) {
        this(options, source, target, false);
    }

    /**
     * @param preview plan for a preview, which writes nothing: missing write privileges on the
     *                target become warnings (the preview works with a read-only role) instead of errors
     */
    public SyncPlanner(SyncOptions options, Connection source, Connection target, boolean preview) {
        this.preview = preview;
        this.options = options;
        this.source = source;
        this.target = target;
        this.sourceInspector = new SchemaInspector(source);
        this.targetInspector = new SchemaInspector(target);
    }

    public Plan plan() throws SQLException {
        List<Finding> findings = new ArrayList<>();
        Map<TableName, TableSchema> sourceSchemas = new LinkedHashMap<>();
        Map<TableName, TableSchema> targetSchemas = new LinkedHashMap<>();
        Map<TableName, TableSpec> specs = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (TableSpec spec : options.tables()) {
            Optional<TableName> onSource = sourceInspector.resolve(spec.ref());
            Optional<TableName> onTarget = targetInspector.resolve(spec.ref());
            String shown = spec.ref().toString();
            if (onSource.isEmpty()) {
                findings.add(Finding.error(shown, missingMessage("source", spec, sourceInspector.otherRelationKind(spec.ref()))));
            }
            if (onTarget.isEmpty()) {
                findings.add(Finding.error(shown, missingMessage("target", spec, targetInspector.otherRelationKind(spec.ref()))));
            }
            if (onSource.isEmpty() || onTarget.isEmpty()) {
                continue;
            }
            if (!onSource.get().equals(onTarget.get())) {
                findings.add(Finding.error(shown, "the name matches " + onSource.get().display() + " on the source but "
                        + onTarget.get().display() + " on the target; quote the exact name, e.g. --table '"
                        + onSource.get().display() + "'"));
                continue;
            }
            TableName name = onSource.get();
            if (!seen.add(name.sql())) {
                throw new UserError(ExitCode.BAD_INPUT, "The table " + name.display() + " is listed more than once. Name each table once.");
            }
            specs.put(name, spec);
            sourceSchemas.put(name, sourceInspector.inspect(name));
            targetSchemas.put(name, targetInspector.inspect(name));
        }

        List<TablePlan> plans = new ArrayList<>();
        for (Map.Entry<TableName, TableSpec> e : specs.entrySet()) {
            TableName name = e.getKey();
            planTable(e.getValue(), sourceSchemas.get(name), targetSchemas.get(name), targetSchemas.keySet(), findings)
                    .ifPresent(plans::add);
        }
        ForeignKeyOrder order = ForeignKeyOrder.of(plans, targetSchemas);
        findings.addAll(order.findings());
        plans = applyCycleRules(plans, order);
        return new Plan(plans, List.copyOf(findings), order, targetSchemas);
    }

    private static String missingMessage(String side, TableSpec spec, String otherKind) {
        if (otherKind != null) {
            return spec.ref() + " is a " + otherKind + " on the " + side + "; only tables and partitioned tables can be synced";
        }
        return "table " + spec.ref() + " does not exist on the " + side
                + (side.equals("target") ? "; create it there first (pgtide copies rows, not DDL)"
                : "; check the name (schema.table, quoted when it has capitals or spaces)");
    }

    private Optional<TablePlan> planTable(TableSpec spec, TableSchema src, TableSchema tgt, Set<TableName> inJob,
                                          List<Finding> findings) throws SQLException {
        String t = src.name().display();
        int errorsBefore = errorCount(findings);
        SyncMode mode = options.modeOf(spec);
        ConflictStrategy conflict = options.conflictOf(spec);
        boolean deleteMissing = options.deleteMissing() && mode == SyncMode.MERGE;

        if (!src.privileges().select()) {
            findings.add(Finding.error(t, "the source role may not SELECT from it; GRANT SELECT ON " + src.name().sql() + " to it"));
        }
        if (!tgt.privileges().insert()) {
            findings.add(writePrivilege(t, "the target role may not INSERT into it; GRANT INSERT on the target table"));
        }
        if (mode == SyncMode.MERGE && conflict == ConflictStrategy.SOURCE_WINS && !tgt.privileges().update()) {
            findings.add(writePrivilege(t, "Merge updates changed rows but the target role may not UPDATE it; GRANT UPDATE or use --mode append"));
        }
        if ((deleteMissing || mode == SyncMode.TRUNCATE) && !tgt.privileges().delete() && !tgt.privileges().truncate()) {
            findings.add(writePrivilege(t, "this mode deletes rows but the target role may not DELETE from it; GRANT DELETE"));
        }

        List<ColumnPlan> columns = planColumns(spec, src, tgt, t, findings);
        List<String> key = chooseKey(spec, src, tgt, t, findings);
        if (spec.where() != null && !spec.where().isBlank()) {
            validateWhere(src.name(), spec.where(), t);
            if (deleteMissing && !validOnTarget(tgt.name(), spec.where())) {
                findings.add(Finding.error(t, "with --delete-missing the filter also selects which target rows may be deleted,"
                        + " but it is not valid on the target table; use columns that exist on both sides"));
            }
        }
        if (errorCount(findings) > errorsBefore) {
            return Optional.empty();
        }

        boolean targetKeyIndexed = !key.isEmpty() && tgt.uniqueKeys().stream().anyMatch(u -> Set.copyOf(u.columns()).equals(Set.copyOf(key))
                && u.columns().size() == key.size());
        if (!key.isEmpty() && !targetKeyIndexed && mode != SyncMode.TRUNCATE) {
            findings.add(Finding.warning(t, "the target has no unique index on the key (" + String.join(", ", key)
                    + "); merging works but every chunk scans more of the table, and concurrent writers could add duplicates"));
        }
        if (!key.isEmpty()) {
            List<ColumnPlan> withKeyFlags = new ArrayList<>();
            for (ColumnPlan c : columns) {
                withKeyFlags.add(key.contains(c.name())
                        ? new ColumnPlan(c.name(), c.sourceType(), c.targetType(), c.stageType(), c.collatable(), false) : c);
            }
            columns = withKeyFlags;
            for (String k : key) {
                if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                    findings.add(Finding.error(t, "key column " + k + " is excluded from the sync; keep key columns in the column list"));
                    return Optional.empty();
                }
            }
        }

        boolean referencedByOthers = tgt.referencedBy().stream().anyMatch(fk -> !fk.selfReference());
        boolean selfReference = tgt.foreignKeys().stream().anyMatch(ForeignKey::selfReference);
        boolean wholeTable = false;
        String reason = null;
        boolean replaceByMerge = false;
        if (mode == SyncMode.TRUNCATE) {
            wholeTable = true;
            reason = "Truncate mode replaces the contents in one transaction";
            if (referencedByOthers) {
                if (key.isEmpty()) {
                    findings.add(Finding.error(t, "Truncate mode on a table that other tables reference needs a key to replace rows in place"
                            + " (deleting all rows would cascade to or be blocked by the referencing tables); add --key"));
                    return Optional.empty();
                }
                replaceByMerge = true;
                reason += " (rows are replaced in place, because other tables reference this one: no cascade to them)";
            }
        } else if (key.isEmpty()) {
            wholeTable = true;
            if (mode == SyncMode.APPEND) {
                reason = "no primary key, non-null unique index or --key: all source rows are appended in one transaction"
                        + " (a rerun appends them again)";
            } else {
                reason = "no primary key, non-null unique index or --key: the whole table is replaced in one transaction"
                        + " (Truncate semantics, no checkpoints)";
            }
            findings.add(Finding.warning(t, reason));
            if (referencedByOthers) {
                findings.add(Finding.error(t, "other tables reference this table but it has no usable key to merge by; add --key"));
                return Optional.empty();
            }
        } else if (selfReference) {
            wholeTable = true;
            reason = "it references itself: all rows go in one transaction so that every reference finds its row";
        }

        List<String> triggers = tgt.triggers();
        if (!triggers.isEmpty()) {
            findings.add(Finding.warning(t, "the target table has triggers (" + String.join(", ", triggers)
                    + ") that will fire for every row pgtide writes"));
        }
        for (ForeignKey fk : tgt.foreignKeys()) {
            if (!fk.selfReference() && !inJob.contains(fk.to())) {
                findings.add(Finding.warning(t, "foreign key " + fk.name() + " references " + fk.to().display()
                        + ", which is not in this job: rows whose parent is missing on the target will fail"));
            }
        }

        Set<String> copied = new HashSet<>();
        columns.forEach(c -> copied.add(c.name()));
        for (Column c : tgt.columns()) {
            if (c.identityAlways() && copied.contains(c.name()) && !key.contains(c.name()) && mode != SyncMode.TRUNCATE) {
                findings.add(Finding.warning(t, "column " + Sql.ident(c.name()) + " is GENERATED ALWAYS AS IDENTITY on the target"
                        + " and not part of the key: new rows get the source's value, but PostgreSQL does not let existing"
                        + " rows be updated to a given value, so changes to it are not applied"));
            }
        }
        boolean identityAlways = tgt.columns().stream().anyMatch(c -> c.identityAlways() && copied.contains(c.name()));
        List<TablePlan.SequenceRef> sequences = new ArrayList<>();
        for (Column c : tgt.columns()) {
            if (c.sequence() != null && copied.contains(c.name())) {
                sequences.add(new TablePlan.SequenceRef(c.name(), c.sequence()));
            }
        }
        String fingerprint = fingerprint(src.name(), columns, key, mode, conflict, deleteMissing, spec.where());
        return Optional.of(new TablePlan(src.name(), columns, key, targetKeyIndexed, mode, conflict, deleteMissing,
                spec.where() == null || spec.where().isBlank() ? null : spec.where().strip(),
                wholeTable, reason, replaceByMerge, identityAlways, sequences, src.estimatedRows(), fingerprint));
    }

    private Finding writePrivilege(String table, String message) {
        return preview ? Finding.warning(table, "a real sync would stop here: " + message) : Finding.error(table, message);
    }

    private List<ColumnPlan> planColumns(TableSpec spec, TableSchema src, TableSchema tgt, String t,
                                         List<Finding> findings) throws SQLException {
        for (String c : spec.columns()) {
            if (src.column(c).isEmpty()) {
                findings.add(Finding.error(t, "column " + Sql.ident(c) + " given in columns does not exist on the source"));
            }
        }
        for (String c : spec.excludeColumns()) {
            if (src.column(c).isEmpty() && tgt.column(c).isEmpty()) {
                findings.add(Finding.error(t, "column " + Sql.ident(c) + " given in excludeColumns exists on neither side"));
            }
        }
        List<ColumnPlan> out = new ArrayList<>();
        List<String> sourceOnly = new ArrayList<>();
        for (Column s : src.columns()) {
            if (!spec.columns().isEmpty() && !spec.columns().contains(s.name())) {
                continue;
            }
            if (spec.excludeColumns().contains(s.name())) {
                continue;
            }
            Optional<Column> maybeTarget = tgt.column(s.name());
            if (maybeTarget.isEmpty()) {
                sourceOnly.add(s.name());
                continue;
            }
            Column d = maybeTarget.get();
            if (d.generated()) {
                continue;
            }
            String stageType = d.type();
            if (!s.type().equals(d.type())) {
                if (!targetInspector.typeExists(s.type())) {
                    stageType = "text";
                } else if (!targetInspector.castExists(s.type(), d.type())) {
                    findings.add(Finding.error(t, "column " + Sql.ident(s.name()) + " is " + s.type() + " on the source and "
                            + d.type() + " on the target, and the target has no cast between them; change one side's type or exclude the column"));
                    continue;
                } else {
                    stageType = s.type();
                }
                findings.add(Finding.warning(t, "column " + Sql.ident(s.name()) + " is " + s.type() + " on the source and "
                        + d.type() + " on the target: values are converted by the target (a value that does not fit fails the table)"));
            }
            out.add(new ColumnPlan(s.name(), s.type(), d.type(), stageType, d.collatable(), !d.identityAlways()));
        }
        if (!sourceOnly.isEmpty()) {
            findings.add(Finding.warning(t, "source columns missing on the target are not copied: " + String.join(", ", sourceOnly)));
        }
        List<String> targetOnly = new ArrayList<>();
        for (Column d : tgt.columns()) {
            if (src.column(d.name()).isPresent() || d.generated()) {
                continue;
            }
            targetOnly.add(d.name());
            if (d.notNull() && !d.hasDefault() && d.identity() == 0) {
                findings.add(Finding.error(t, "target column " + Sql.ident(d.name()) + " is NOT NULL without a default and has no"
                        + " source column; give it a default on the target or make it nullable"));
            }
        }
        if (!targetOnly.isEmpty()) {
            findings.add(Finding.warning(t, "target columns missing on the source keep their defaults on insert and their values on update: "
                    + String.join(", ", targetOnly)));
        }
        if (out.isEmpty()) {
            findings.add(Finding.error(t, "no column exists on both sides; nothing can be copied"));
        }
        return out;
    }

    private List<String> chooseKey(TableSpec spec, TableSchema src, TableSchema tgt, String t, List<Finding> findings) {
        if (!spec.key().isEmpty()) {
            for (String k : spec.key()) {
                Optional<Column> s = src.column(k);
                Optional<Column> d = tgt.column(k);
                if (s.isEmpty() || d.isEmpty()) {
                    findings.add(Finding.error(t, "key column " + Sql.ident(k) + " does not exist on the "
                            + (s.isEmpty() ? "source" : "target")));
                } else if (!s.get().notNull()) {
                    findings.add(Finding.error(t, "key column " + Sql.ident(k) + " is nullable on the source; rows with NULL keys cannot be"
                            + " matched. Use NOT NULL columns that identify a row"));
                }
            }
            return spec.key();
        }
        for (TableSchema.UniqueKey u : tgt.uniqueKeys()) {
            if (u.allNotNull() && u.columns().stream().allMatch(c -> src.column(c).map(Column::notNull).orElse(false))) {
                return u.columns();
            }
        }
        for (TableSchema.UniqueKey u : src.uniqueKeys()) {
            if (u.allNotNull() && u.columns().stream().allMatch(c -> tgt.column(c).isPresent())) {
                return u.columns();
            }
        }
        return List.of();
    }

    /**
     * A where filter must be one boolean expression over the table: no statement separators or
     * comments, balanced parentheses, and the source's parser must accept it.
     */
    private void validateWhere(TableName table, String where, String t) throws SQLException {
        String problem = WhereClause.lexicalProblem(where);
        if (problem != null) {
            throw new UserError(ExitCode.BAD_INPUT, "The --where filter for " + t + " is not a single SQL expression: " + problem
                    + ". Give a boolean expression such as \"created_at > now() - interval '7 days'\".");
        }
        try (Statement st = source.createStatement()) {
            st.execute("SAVEPOINT pgtide_where_check");
            try {
                st.execute("EXPLAIN SELECT 1 FROM " + table.sql() + " WHERE (" + where + ")");
                st.execute("RELEASE SAVEPOINT pgtide_where_check");
            } catch (SQLException e) {
                st.execute("ROLLBACK TO SAVEPOINT pgtide_where_check");
                throw new UserError(ExitCode.BAD_INPUT, "The --where filter for " + t + " is not valid on the source: "
                        + firstLine(e.getMessage()) + ". Fix the expression (it is used as WHERE (<expression>)).");
            }
        }
    }

    private boolean validOnTarget(TableName table, String where) throws SQLException {
        boolean inTransaction = !target.getAutoCommit();
        try (Statement st = target.createStatement()) {
            if (inTransaction) {
                st.execute("SAVEPOINT pgtide_where_check");
            }
            try {
                st.execute("EXPLAIN SELECT 1 FROM " + table.sql() + " WHERE (" + where + ")");
                return true;
            } catch (SQLException e) {
                return false;
            } finally {
                if (inTransaction) {
                    st.execute("ROLLBACK TO SAVEPOINT pgtide_where_check");
                }
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).replaceFirst("^ERROR: ", "");
    }

    /**
     * Tables in an FK cycle must be written together in one transaction with deferred constraints,
     * which is only possible when every FK of the cycle is DEFERRABLE.
     */
    private static List<TablePlan> applyCycleRules(List<TablePlan> plans, ForeignKeyOrder order) {
        List<TablePlan> out = new ArrayList<>();
        for (TablePlan p : plans) {
            if (order.inCycle(p.table()) && !p.wholeTable()) {
                out.add(new TablePlan(p.table(), p.columns(), p.key(), p.targetKeyIndexed(), p.mode(), p.conflict(),
                        p.deleteMissing(), p.where(), true,
                        "it is in a foreign key cycle: its group is written in one transaction with deferred constraints",
                        p.replaceByMerge(), p.identityAlways(), p.sequences(), p.estimatedRows(), p.fingerprint()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static int errorCount(List<Finding> findings) {
        return (int) findings.stream().filter(Finding::isError).count();
    }

    private static String fingerprint(TableName table, List<ColumnPlan> columns, List<String> key, SyncMode mode,
                                      ConflictStrategy conflict, boolean deleteMissing, String where) {
        String text = table.sql() + "|" + columns + "|" + key + "|" + mode + "|" + conflict + "|" + deleteMissing + "|" + where;
        return sha256(text).substring(0, 16);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
