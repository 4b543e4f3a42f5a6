package io.pgtide.runner.sync;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields out of one row of COPY text format (tab-separated, backslash escapes, \N for NULL).
 * Used only for the last row of each chunk, to learn its key: the bulk of the rows pass through
 * untouched as bytes.
 */
final class CopyText {
    private CopyText() {
    }

    /** The values at {@code positions} of a row (without its trailing newline), decoded; null for NULL. */
    static List<String> fields(byte[] row, int[] positions) {
        List<String> all = split(row);
        List<String> out = new ArrayList<>(positions.length);
        for (int p : positions) {
            out.add(all.get(p));
        }
        return out;
    }

    static List<String> split(byte[] row) {
        int end = row.length;
        if (end > 0 && row[end - 1] == '\n') {
            end--;
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || row[i] == '\t') {
                out.add(unescape(row, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    private static String unescape(byte[] b, int from, int to) {
        if (to - from == 2 && b[from] == '\\' && b[from + 1] == 'N') {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != '\\' || i + 1 >= to) {
                out.write(c);
                continue;
            }
            byte n = b[++i];
            switch (n) {
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0B);
                case 'x' -> {
                    int v = 0;
                    int digits = 0;
                    while (digits < 2 && i + 1 < to && Character.digit(b[i + 1], 16) >= 0) {
                        v = v * 16 + Character.digit(b[++i], 16);
                        digits++;
                    }
                    out.write(digits == 0 ? 'x' : v);
                }
                default -> {
                    if (n >= '0' && n <= '7') {
                        int v = n - '0';
                        int digits = 1;
                        while (digits < 3 && i + 1 < to && b[i + 1] >= '0' && b[i + 1] <= '7') {
                            v = v * 8 + (b[++i] - '0');
                            digits++;
                        }
                        out.write(v);
                    } else {
                        out.write(n);
                    }
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
