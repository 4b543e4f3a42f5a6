package io.pgtide.runner.progress;

import java.io.PrintStream;
import java.util.List;
import java.util.function.IntPredicate;

/** A plain-text table as kubectl prints one: columns padded to their widest cell, two spaces apart. */
public final class TextTable {
    private TextTable() {
    }

    /**
     * Prints {@code rows} (the first is the header) with the columns that {@code rightAligned} accepts
     * aligned right (numbers), the others left.
     */
    public static void print(PrintStream out, List<String[]> rows, IntPredicate rightAligned) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String pad = " ".repeat(widths[i] - r[i].length());
                line.append(rightAligned.test(i) ? pad + r[i] : r[i] + pad).append(i + 1 < r.length ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
