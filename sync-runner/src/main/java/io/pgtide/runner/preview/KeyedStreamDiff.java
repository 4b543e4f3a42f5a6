package io.pgtide.runner.preview;

import java.sql.SQLException;

/**
 * Merge-joins two streams of (key, hash) rows, both ordered by their key texts' UTF-8 bytes (the
 * order {@code ORDER BY convert_to(key_text, 'UTF8')} gives on any server, whatever its collation
 * or encoding), and tells a {@link Visitor} which keys only the source has, which only the target
 * has and which both have. Holds one row per side: memory does not grow with the tables.
 */
final class KeyedStreamDiff {
    /** One row of a side: its key columns as text (null for SQL NULL), a hash of the compared columns, and whether the filter matches it. */
    record Row(String[] key, String hash, boolean inFilter) {
    }

    /** A side's rows in key order; null at the end. */
    interface RowStream {
        Row next() throws SQLException;
    }

    interface Visitor {
        void sourceOnly(Row source);

        void matched(Row source, Row target);

        void targetOnly(Row target);

        /** The source had two rows with this key (the sync would fail on the unique key, or write both). */
        default void duplicateSourceKey(Row source) {
        }
    }

    private KeyedStreamDiff() {
    }

    static void run(RowStream source, RowStream target, Visitor visitor) throws SQLException {
        Row s = source.next();
        Row t = target.next();
        Row previousSource = null;
        while (s != null || t != null) {
            int cmp = s == null ? 1 : t == null ? -1 : compareKeys(s.key(), t.key());
            if (cmp < 0) {
                visitor.sourceOnly(s);
            } else if (cmp > 0) {
                visitor.targetOnly(t);
            } else if (hasNull(s.key())) {
                // SQL's "=" never matches NULL: the sync's key join sees two different rows.
                visitor.sourceOnly(s);
                visitor.targetOnly(t);
            } else {
                visitor.matched(s, t);
            }
            if (cmp <= 0) {
                if (previousSource != null && compareKeys(previousSource.key(), s.key()) == 0) {
                    visitor.duplicateSourceKey(s);
                }
                previousSource = s;
                s = source.next();
            }
            if (cmp >= 0) {
                t = target.next();
            }
        }
    }

    /** Column by column, each by {@link #compareText}; NULL after every value, as ORDER BY ... ASC puts it. */
    static int compareKeys(String[] a, String[] b) {
        for (int i = 0; i < a.length; i++) {
            String x = a[i];
            String y = b[i];
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? 1 : -1;
                }
                continue;
            }
            int c = compareText(x, y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * Unicode code point order, which is the byte order of UTF-8. {@link String#compareTo} compares
     * UTF-16 units instead and puts characters above U+FFFF (surrogate pairs) before U+E000..U+FFFF,
     * where the database's byte order puts them after.
     */
    static int compareText(String a, String b) {
        int i = 0;
        int n = Math.min(a.length(), b.length());
        while (i < n) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(i);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
        }
        return Integer.compare(a.length(), b.length());
    }

    private static boolean hasNull(String[] key) {
        for (String k : key) {
            if (k == null) {
                return true;
            }
        }
        return false;
    }
}
