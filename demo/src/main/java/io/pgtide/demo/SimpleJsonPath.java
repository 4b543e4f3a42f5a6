package io.pgtide.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The subset of Kubernetes JSONPath that printer columns use: {@code .status.phase},
 * {@code .spec.tables[0].name}, {@code .metadata.labels['app']} and
 * {@code .status.conditions[?(@.type=="Ready")].status} (first match). A real API server evaluates
 * full JSONPath; pgtide's CRDs need no more than this, and an expression outside the subset fails
 * when the CRD is loaded rather than printing a silently empty column.
 */
final class SimpleJsonPath {
    private sealed interface Step permits Field, Index, Filter {}

    private record Field(String name) implements Step {}

    private record Index(int index) implements Step {}

    /** {@code [?(@.field=="value")]}: the first array element whose field equals the value. */
    private record Filter(SimpleJsonPath field, String expected) implements Step {}

    private final String expression;
    private final List<Step> steps;

    private SimpleJsonPath(String expression, List<Step> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    /** Parses the expression; throws IllegalArgumentException if it is outside the subset. */
    static SimpleJsonPath compile(String expression) {
        String p = expression.trim();
        // kubectl also accepts the {...} and $ spellings.
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1).trim();
        }
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw unsupported(expression);
                }
                steps.add(new Field(p.substring(i + 1, end)));
                i = end;
            } else if (c == '[') {
                boolean filter = p.startsWith("[?(", i);
                int end = filter ? p.indexOf(")]", i) + 1 : p.indexOf(']', i);
                if (end <= i) {
                    throw unsupported(expression);
                }
                String inner = p.substring(i + 1, end);
                steps.add(filter ? filter(expression, inner.substring(2, inner.length() - 1)) : index(expression, inner));
                i = end + 1;
            } else {
                throw unsupported(expression);
            }
        }
        return new SimpleJsonPath(expression, List.copyOf(steps));
    }

    /** The value at the path, or null when a step finds nothing (an empty cell). */
    JsonNode evaluate(JsonNode root) {
        JsonNode current = root;
        for (Step step : steps) {
            if (absent(current)) {
                return null;
            }
            // if/else rather than a pattern switch: the project compiles for Java 17.
            if (step instanceof Field f) {
                current = current.get(f.name());
            } else if (step instanceof Index x) {
                current = current.isArray() ? current.get(x.index() < 0 ? current.size() + x.index() : x.index()) : null;
            } else {
                current = firstMatch(current, (Filter) step);
            }
        }
        return absent(current) ? null : current;
    }

    private static JsonNode firstMatch(JsonNode node, Filter filter) {
        if (!node.isArray()) {
            return null;
        }
        for (JsonNode element : node) {
            JsonNode value = filter.field().evaluate(element);
            if (value != null && filter.expected().equals(value.asText())) {
                return element;
            }
        }
        return null;
    }

    private static Step index(String expression, String inner) {
        String s = inner.trim();
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"')) {
            return new Field(unquote(s));
        }
        try {
            return new Index(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw unsupported(expression);
        }
    }

    private static Step filter(String expression, String condition) {
        int eq = condition.indexOf("==");
        if (!condition.startsWith("@") || eq < 0) {
            throw unsupported(expression);
        }
        return new Filter(compile(condition.substring(1, eq).trim()), unquote(condition.substring(eq + 2).trim()));
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static IllegalArgumentException unsupported(String expression) {
        return new IllegalArgumentException("unsupported printer column JSONPath: " + expression);
    }

    @Override
    public String toString() {
        return expression;
    }
}
