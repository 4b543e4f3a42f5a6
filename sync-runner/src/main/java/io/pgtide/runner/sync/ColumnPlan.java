package io.pgtide.runner.sync;

/**
 * One column as it moves: read with the source type, staged as {@code stageType} on the target and
 * written as {@code targetType} (cast by the target database when the two differ).
 *
 * @param updatable false for key columns and GENERATED ALWAYS identity columns (never in SET)
 */
public record ColumnPlan(String name, String sourceType, String targetType, String stageType,
                         boolean collatable, boolean updatable) {

    public boolean sameType() {
        return sourceType.equals(targetType);
    }
}
