package io.pgtide.runner.sync;

import io.pgtide.runner.schema.TableName;

import java.util.List;

/**
 * How one table will be synced, decided by {@link SyncPlanner} before anything is written.
 *
 * @param key               columns that identify a row, in order (empty: the table has no usable key)
 * @param targetKeyIndexed  the target has a unique index on exactly the key columns (ON CONFLICT works)
 * @param wholeTable        copied in one transaction instead of checkpointed chunks (why in {@code wholeTableReason})
 * @param replaceByMerge    Truncate mode on a table other tables reference: replace by merge + delete so that
 *                          no ON DELETE CASCADE/RESTRICT fires for rows that stay
 * @param identityAlways    the target has GENERATED ALWAYS identity columns (INSERT needs OVERRIDING SYSTEM VALUE)
 * @param sequences         target sequences (quoted) owned by copied columns, with the column they follow
 */
public record TablePlan(TableName table, List<ColumnPlan> columns, List<String> key, boolean targetKeyIndexed,
                        SyncMode mode, ConflictStrategy conflict, boolean deleteMissing, String where,
                        boolean wholeTable, String wholeTableReason, boolean replaceByMerge, boolean identityAlways,
                        List<SequenceRef> sequences, long estimatedRows, String fingerprint) {

    public record SequenceRef(String column, String sequence) {
    }

    /** True when every column keeps its type, so COPY can write straight into the table. */
    public boolean directCopyPossible() {
        return columns.stream().allMatch(ColumnPlan::sameType);
    }

    /**
     * Whether a key column has another type on the target than on the source. The source streams
     * keys in its own type's order, and target-side key ranges compare in the target type's order;
     * these can disagree ('10' sorts before '9' as text, not as integer), so ranges bounded by
     * source keys are not ascending on the target and must not be used there.
     */
    public boolean keyOrderMayDiffer() {
        return key.stream().anyMatch(k -> !column(k).sameType());
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnPlan::name).toList();
    }

    public ColumnPlan column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** Positions of the key columns in {@link #columns()}. */
    public int[] keyPositions() {
        List<String> names = columnNames();
        return key.stream().mapToInt(names::indexOf).toArray();
    }
}
