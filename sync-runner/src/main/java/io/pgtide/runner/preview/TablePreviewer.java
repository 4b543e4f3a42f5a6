package io.pgtide.runner.preview;

import io.pgtide.runner.db.Sql;
import io.pgtide.runner.schema.SchemaInspector;
import io.pgtide.runner.sync.ColumnPlan;
import io.pgtide.runner.sync.ConflictStrategy;
import io.pgtide.runner.sync.SyncMode;
import io.pgtide.runner.sync.TablePlan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Computes one table's {@link TableDiff} from two read-only transactions, mirroring what
 * {@code TableSync} would do with the same {@link TablePlan}:
 * <ul>
 * <li>rows are matched by their key, cast to the target's key types on the source so that both
 * sides print the same text; both sides stream (key texts, md5 of the compared columns' texts)
 * ordered by the key texts' UTF-8 bytes, and {@link KeyedStreamDiff} merge-joins them;</li>
 * <li>compared are the columns the sync would update (not key, generated, excluded or GENERATED
 * ALWAYS identity columns), each cast to the target column's type and compared by its text
 * form, which is what the sync's "differs" test amounts to;</li>
 * <li>the filter selects source rows, and with deleteMissing also which target rows may go;</li>
 * <li>Truncate (on a table nothing references) and keyless Merge replace all rows: every target
 * row counts as deleted and every source row as inserted, as the sync reports it.</li>
 * </ul>
 */
final class TablePreviewer {
    private static final int FETCH_ROWS = 5_000;

    /**
     * Target key types whose equality is exactly "same text form". Keys of other types (numeric
     * without a scale, floats, intervals, citext, ...) can be equal by value and still print
     * differently; the preview matches by text, so it says so.
     */
    private static final Set<String> TEXT_EXACT_KEY_TYPES = Set.of("smallint", "integer", "bigint", "boolean", "uuid",
            "date", "timestamp without time zone", "timestamp with time zone", "bytea", "text", "character varying",
            "character", "\"char\"", "name", "oid");

    private final TablePlan plan;
    private final Connection source;
    private final Connection target;
    private final SchemaInspector sourceInspector;
    private final int sampleCount;
    private final Map<String, Boolean> castableOnSource = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<TableDiff.Kind, List<String>> samples = new EnumMap<>(TableDiff.Kind.class);
    private final long[] counts = new long[TableDiff.Kind.values().length];
    private long unchanged;
    private long sourceRows;

    TablePreviewer(TablePlan plan, Connection source, Connection target, SchemaInspector sourceInspector, int sampleCount) {
        this.plan = plan;
        this.source = source;
        this.target = target;
        this.sourceInspector = sourceInspector;
        this.sampleCount = sampleCount;
    }

    TableDiff compute() throws SQLException {
        boolean keyed = !plan.key().isEmpty();
        // The same decision as TableSync.copyWholeTable: empty the table, then copy every source row.
        boolean replaceAll = plan.mode() == SyncMode.TRUNCATE && !plan.replaceByMerge()
                || !keyed && plan.mode() != SyncMode.APPEND;
        String method;
        if (!keyed) {
            method = replaceAll ? "replace all rows (no key)" : "append all rows (no key)";
            sourceRows = count(source, "SELECT count(*) FROM " + plan.table().sql() + sourceFilter());
            counts[TableDiff.Kind.INSERT.ordinal()] = sourceRows;
            if (replaceAll) {
                counts[TableDiff.Kind.DELETE.ordinal()] = count(target, "SELECT count(*) FROM " + plan.table().sql());
            }
            warnings.add("no key identifies its rows, so there are no sample keys");
        } else if (replaceAll) {
            method = "truncate: replace all rows";
            diff(false, false, new ReplaceAll());
        } else {
            boolean deletes = plan.deleteMissing() || plan.replaceByMerge();
            boolean filterOnTarget = deletes && plan.where() != null;
            if (filterOnTarget && !validOnTarget()) {
                warnings.add("the filter is not valid on the target table, so the sync would fail when it deletes rows"
                        + " missing from the source; no rows are counted as deleted");
                deletes = false;
                filterOnTarget = false;
            }
            method = plan.replaceByMerge() ? "truncate: replace rows in place (other tables reference it)"
                    : plan.mode() == SyncMode.APPEND ? "append" : "merge, " + label(plan.conflict())
                    + (plan.deleteMissing() ? ", delete missing" : "");
            diff(plan.mode() != SyncMode.APPEND, filterOnTarget, new Merge(deletes));
        }
        long conflicts = counts[TableDiff.Kind.CONFLICT.ordinal()];
        if (conflicts > 0) {
            warnings.add(String.format(java.util.Locale.ROOT, "%,d", conflicts) + " row(s) differ and the conflict strategy is"
                    + " fail: a sync of this table would fail at the first chunk holding one (e.g. key "
                    + samples.get(TableDiff.Kind.CONFLICT).get(0) + ")");
        }
        return new TableDiff(plan.table().display(), method, sourceRows, counts[TableDiff.Kind.INSERT.ordinal()],
                counts[TableDiff.Kind.UPDATE.ordinal()], counts[TableDiff.Kind.DELETE.ordinal()], unchanged,
                counts[TableDiff.Kind.SKIP.ordinal()], conflicts, samples, warnings);
    }

    /** Counts source-side rows as they pass and classifies the matches. */
    private abstract class Classifier implements KeyedStreamDiff.Visitor {
        private boolean duplicateWarned;

        @Override
        public void sourceOnly(KeyedStreamDiff.Row s) {
            sourceRows++;
            record(TableDiff.Kind.INSERT, s);
        }

        @Override
        public void duplicateSourceKey(KeyedStreamDiff.Row s) {
            if (!duplicateWarned) {
                duplicateWarned = true;
                warnings.add("the source has several rows with the key " + render(s.key()) + " (the key is not unique there):"
                        + " the sync would fail on the target's unique key or write them all; the counts assume one row per key");
            }
        }
    }

    /** Truncate: every target row goes, every source row comes. */
    private final class ReplaceAll extends Classifier {
        @Override
        public void matched(KeyedStreamDiff.Row s, KeyedStreamDiff.Row t) {
            sourceOnly(s);
            targetOnly(t);
        }

        @Override
        public void targetOnly(KeyedStreamDiff.Row t) {
            record(TableDiff.Kind.DELETE, t);
        }
    }

    /** Merge and Append, as TableSync.applyStaged counts them, plus deleteMissing. */
    private final class Merge extends Classifier {
        private final boolean deletes;
        private final ConflictStrategy conflict;

        Merge(boolean deletes) {
            this.deletes = deletes;
            // Truncate on a referenced table replaces rows in place with source-wins, whatever the strategy.
            this.conflict = plan.replaceByMerge() ? ConflictStrategy.SOURCE_WINS : plan.conflict();
        }

        @Override
        public void matched(KeyedStreamDiff.Row s, KeyedStreamDiff.Row t) {
            sourceRows++;
            if (plan.mode() == SyncMode.APPEND) {
                // Append never updates; the sync counts the rows it leaves alone as skipped, except
                // under conflict = fail, where it counts them as unchanged.
                if (plan.conflict() == ConflictStrategy.FAIL) {
                    unchanged++;
                } else {
                    record(TableDiff.Kind.SKIP, s);
                }
            } else if (s.hash().equals(t.hash())) {
                unchanged++;
            } else {
                record(switch (conflict) {
                    case SOURCE_WINS -> TableDiff.Kind.UPDATE;
                    case TARGET_WINS -> TableDiff.Kind.SKIP;
                    case FAIL -> TableDiff.Kind.CONFLICT;
                }, s);
            }
        }

        @Override
        public void targetOnly(KeyedStreamDiff.Row t) {
            if (deletes && t.inFilter()) {
                record(TableDiff.Kind.DELETE, t);
            }
        }
    }

    /** Whether the target column's collation calls some different texts equal (PostgreSQL 12+ ICU collations). */
    private boolean nonDeterministicCollation(String column) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("SELECT NOT coalesce(c.collisdeterministic, true)"
                + " FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_collation c ON c.oid = a.attcollation"
                + " WHERE a.attrelid = ?::regclass AND a.attname = ?")) {
            ps.setString(1, plan.table().sql());
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void record(TableDiff.Kind kind, KeyedStreamDiff.Row row) {
        counts[kind.ordinal()]++;
        List<String> list = samples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (list.size() < sampleCount) {
            list.add(render(row.key()));
        }
    }

    private void diff(boolean compareColumns, boolean filterOnTarget, KeyedStreamDiff.Visitor visitor) throws SQLException {
        List<String> keyTexts = new ArrayList<>();
        for (String k : plan.key()) {
            ColumnPlan c = plan.column(k);
            keyTexts.add(sourceText(c, true));
            if (c.collatable() && nonDeterministicCollation(k)) {
                warnings.add("key column " + Sql.ident(k) + " has a nondeterministic collation on the target, under which"
                        + " different texts can be equal (e.g. 'a' and 'A'); the preview matches keys by their exact text,"
                        + " the sync with the collation, so such rows would count here as one delete/insert pair instead of"
                        + " one unchanged or updated row");
            } else if (!TEXT_EXACT_KEY_TYPES.contains(baseType(c.targetType())) && !fixedScaleNumeric(c.targetType())) {
                warnings.add("key column " + Sql.ident(k) + " is " + c.targetType() + ", whose values can be equal but written"
                        + " differently (e.g. 1.0 and 1.00); the preview matches keys by their text, the sync by value, so such"
                        + " rows would count here as one delete/insert pair instead of one unchanged or updated row");
            }
        }
        List<ColumnPlan> compared = compareColumns
                ? plan.columns().stream().filter(ColumnPlan::updatable).toList() : List.of();
        String sourceHash = hash(compared.stream().map(c -> sourceText(c, false)).toList());
        String targetHash = hash(compared.stream().map(c -> "t." + Sql.ident(c.name()) + "::text").toList());
        List<String> targetKeyTexts = plan.key().stream().map(k -> "t." + Sql.ident(k) + "::text").toList();
        String sourceQuery = ordered(keyTexts, sourceHash, null, plan.table().sql() + sourceFilter());
        String targetQuery = ordered(targetKeyTexts, targetHash,
                filterOnTarget ? "COALESCE((" + plan.where() + "), false)" : null, plan.table().sql() + " t");
        try (Statement ss = streaming(source); ResultSet sr = ss.executeQuery(sourceQuery);
             Statement ts = streaming(target); ResultSet tr = ts.executeQuery(targetQuery)) {
            int keys = plan.key().size();
            KeyedStreamDiff.run(rows(sr, keys, false), rows(tr, keys, filterOnTarget), visitor);
        }
    }

    /** Key texts and hash under positional names, ordered by the key texts' UTF-8 bytes. */
    private static String ordered(List<String> keyTexts, String hash, String filter, String from) {
        StringBuilder inner = new StringBuilder("SELECT ");
        for (int i = 0; i < keyTexts.size(); i++) {
            inner.append(keyTexts.get(i)).append(" AS k").append(i).append(", ");
        }
        inner.append(hash).append(" AS h");
        if (filter != null) {
            inner.append(", ").append(filter).append(" AS f");
        }
        inner.append(" FROM ").append(from);
        String order = java.util.stream.IntStream.range(0, keyTexts.size())
                .mapToObj(i -> "pg_catalog.convert_to(q.k" + i + ", 'UTF8')").collect(Collectors.joining(", "));
        return "SELECT * FROM (" + inner + ") q ORDER BY " + order;
    }

    private static String hash(List<String> texts) {
        // A row of texts prints NULL and '' differently, and quotes separators: unambiguous.
        return texts.isEmpty() ? "''" : "pg_catalog.md5(ROW(" + String.join(", ", texts) + ")::text)";
    }

    /**
     * A source column as the target would see it: cast to the target's type on the source, which
     * gives the text the target prints after its own cast. When the target's type does not exist
     * on the source (or no cast exists there), the source's own text is the best available, and the
     * preview says so.
     */
    private String sourceText(ColumnPlan c, boolean key) {
        String ref = Sql.ident(c.name());
        if (c.sourceType().equals(c.targetType())) {
            return ref + "::text";
        }
        if (castable(c.sourceType(), c.targetType())) {
            return "(" + ref + "::" + c.targetType() + ")::text";
        }
        warnings.add((key ? "key column " : "column ") + ref + " is " + c.sourceType() + " on the source and " + c.targetType()
                + " on the target, a type the source cannot cast to; it is compared by the source's text form, so rows whose"
                + " values only print differently would count as " + (key ? "a delete/insert pair" : "updated"));
        return ref + "::text";
    }

    private boolean castable(String from, String to) {
        return castableOnSource.computeIfAbsent(from + "\u0000" + to, k -> {
            try {
                return sourceInspector.typeExists(to) && sourceInspector.castExists(from, to);
            } catch (SQLException e) {
                return false;
            }
        });
    }

    private String sourceFilter() {
        return plan.where() == null ? "" : " WHERE (" + plan.where() + ")";
    }

    private boolean validOnTarget() throws SQLException {
        try (Statement st = target.createStatement()) {
            st.execute("SAVEPOINT pgtide_preview_where");
            try {
                st.execute("EXPLAIN SELECT 1 FROM " + plan.table().sql() + " t WHERE (" + plan.where() + ")");
                return true;
            } catch (SQLException e) {
                return false;
            } finally {
                st.execute("ROLLBACK TO SAVEPOINT pgtide_preview_where");
            }
        }
    }

    private static KeyedStreamDiff.RowStream rows(ResultSet rs, int keys, boolean filter) {
        return () -> {
            if (!rs.next()) {
                return null;
            }
            String[] key = new String[keys];
            for (int i = 0; i < keys; i++) {
                key[i] = rs.getString(i + 1);
            }
            return new KeyedStreamDiff.Row(key, rs.getString(keys + 1), !filter || rs.getBoolean(keys + 2));
        };
    }

    /** A statement whose result is fetched in batches (a portal in the open transaction), not all at once. */
    private static Statement streaming(Connection c) throws SQLException {
        Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        st.setFetchSize(FETCH_ROWS);
        return st;
    }

    private static long count(Connection c, String query) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String render(String[] key) {
        if (key.length == 1) {
            return key[0] == null ? "NULL" : key[0];
        }
        List<String> parts = new ArrayList<>();
        for (String k : key) {
            parts.add(k == null ? "NULL" : k);
        }
        return "(" + String.join(", ", parts) + ")";
    }

    private static String label(ConflictStrategy c) {
        return c.name().toLowerCase().replace('_', '-');
    }

    private static String baseType(String type) {
        int paren = type.indexOf('(');
        return paren < 0 ? type : type.substring(0, paren);
    }

    /** numeric(p,s): always printed with s decimals, so equal values print alike. */
    private static boolean fixedScaleNumeric(String type) {
        return type.startsWith("numeric(");
    }
}
