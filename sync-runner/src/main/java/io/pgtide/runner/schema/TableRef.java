package io.pgtide.runner.schema;

import io.pgtide.runner.ExitCode;
import io.pgtide.runner.UserError;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A table as the user named it: {@code orders}, {@code sales.orders} or {@code "Sales"."Order Items"}.
 * Quoted parts are exact; an unquoted part matches the exact name first and its lower-case form
 * otherwise, so both {@code Orders} and {@code orders} find a table created as {@code orders}.
 */
public record TableRef(String schema, boolean schemaQuoted, String name, boolean nameQuoted) {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    public static TableRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new UserError(ExitCode.BAD_INPUT, "A table name is empty. Name tables as schema.table, e.g. --table public.orders.");
        }
        List<String> parts = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        String s = text.trim();
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '"') {
                StringBuilder part = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char c = s.charAt(i);
                    if (c == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            part.append('"');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    part.append(c);
                    i++;
                }
                if (!closed) {
                    throw badName(text, "a double quote is not closed");
                }
                parts.add(part.toString());
                quoted.add(true);
            } else {
                int dot = s.indexOf('.', i);
                int end = dot < 0 ? s.length() : dot;
                String part = s.substring(i, end);
                if (part.contains("\"")) {
                    throw badName(text, "quotes must surround a whole name part");
                }
                parts.add(part);
                quoted.add(false);
                i = end;
            }
            if (i < s.length()) {
                if (s.charAt(i) != '.') {
                    throw badName(text, "expected '.' between schema and table");
                }
                i++;
                if (i == s.length()) {
                    throw badName(text, "it ends with '.'");
                }
            }
        }
        if (parts.isEmpty() || parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw badName(text, "expected table or schema.table");
        }
        if (parts.size() == 1) {
            return new TableRef("public", false, parts.get(0), quoted.get(0));
        }
        return new TableRef(parts.get(0), quoted.get(0), parts.get(1), quoted.get(1));
    }

    /** Candidate exact names to look up, most specific first. */
    public List<TableName> candidates() {
        List<TableName> out = new ArrayList<>();
        for (String sc : variants(schema, schemaQuoted)) {
            for (String n : variants(name, nameQuoted)) {
                TableName t = new TableName(sc, n);
                if (!out.contains(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static List<String> variants(String part, boolean quoted) {
        if (quoted || part.equals(part.toLowerCase())) {
            return List.of(part);
        }
        return List.of(part, part.toLowerCase());
    }

    @Override
    public String toString() {
        return displayPart(schema) + "." + displayPart(name);
    }

    static String displayPart(String part) {
        return PLAIN.matcher(part).matches() ? part : '"' + part.replace("\"", "\"\"") + '"';
    }

    private static UserError badName(String text, String why) {
        return new UserError(ExitCode.BAD_INPUT, "The table name '" + text + "' is not valid: " + why
                + ". Use schema.table, and double quotes around names with capitals, dots or spaces, e.g. '\"Sales\".\"Order Items\"'.");
    }
}
