package io.pgtide.runner.sync;

/**
 * Lexical check of a user's where filter: it must be one expression, so that it cannot end the
 * statement it is embedded in (the source transaction is read-only besides).
 */
final class WhereClause {
    private WhereClause() {
    }

    /** Null when the text is acceptable, else what is wrong with it. */
    static String lexicalProblem(String where) {
        int depth = 0;
        int i = 0;
        int n = where.length();
        while (i < n) {
            char c = where.charAt(i);
            if (c == '\'' || c == '"') {
                int end = where.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < n && where.charAt(end + 1) == c) {
                    end = where.indexOf(c, end + 2);
                }
                if (end < 0) {
                    return "a " + (c == '\'' ? "string literal" : "quoted identifier") + " is not closed";
                }
                i = end + 1;
                continue;
            }
            if (c == '$') {
                return "dollar quoting is not allowed in a filter";
            }
            if (c == ';') {
                return "it contains ';' (only one expression is allowed)";
            }
            if (c == '-' && i + 1 < n && where.charAt(i + 1) == '-' || c == '/' && i + 1 < n && where.charAt(i + 1) == '*') {
                return "it contains a comment";
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    return "it closes a parenthesis it did not open";
                }
            }
            i++;
        }
        if (depth != 0) {
            return "its parentheses are not balanced";
        }
        return null;
    }
}
