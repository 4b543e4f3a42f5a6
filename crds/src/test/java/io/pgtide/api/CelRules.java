package io.pgtide.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every CEL rule ({@code x-kubernetes-validations}) of one generated CRD, compiled with cel-java and
 * evaluated the way the API server does: each rule against the value at its place in the object, with
 * {@code self} bound to that value and, for transition rules, {@code oldSelf} to the stored object's
 * value at the same place. A rule on an absent field is not evaluated; list items are not correlated
 * with old items (our lists are atomic), so transition rules only apply outside lists.
 *
 * <p>Integers are passed as {@code Long}: cel-java's {@code int} is a Java long, and an Integer
 * compares unequal to every CEL int.
 */
final class CelRules {
    /** One rule at one place of the schema. */
    record Rule(String path, String expression, String message, CelRuntime.Program program, boolean transition) {
        @Override
        public String toString() {
            return path + ": " + expression;
        }
    }

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final JsonNode schema;
    // By identity: two schema nodes may be equal as JSON and still sit at different places.
    private final Map<JsonNode, List<Rule>> rulesBySchemaNode = new IdentityHashMap<>();
    private final List<Rule> all = new ArrayList<>();
    /** For each rule, the outcomes seen so far (true: the object passed it). */
    private final Map<Rule, List<Boolean>> outcomes = new LinkedHashMap<>();

    CelRules(JsonNode schema) {
        this.schema = schema;
        collect(schema, "");
    }

    List<Rule> all() {
        return all;
    }

    Map<Rule, List<Boolean>> outcomes() {
        return outcomes;
    }

    /** Violations of a new object (a create). */
    List<String> validate(JsonNode object) {
        return validate(object, null);
    }

    /** Violations of an update from {@code oldObject} to {@code object}, as "path: message". */
    List<String> validate(JsonNode object, JsonNode oldObject) {
        List<String> violations = new ArrayList<>();
        evaluate(schema, Crds.withDefaults(schema, object), oldObject == null ? null : Crds.withDefaults(schema, oldObject),
                "", violations);
        return violations;
    }

    private void collect(JsonNode node, String path) {
        for (JsonNode validation : node.path("x-kubernetes-validations")) {
            String expression = validation.get("rule").asText();
            Rule rule = new Rule(path.isEmpty() ? "<root>" : path, expression, validation.path("message").asText(expression),
                    compile(expression), expression.contains("oldSelf"));
            rulesBySchemaNode.computeIfAbsent(node, n -> new ArrayList<>()).add(rule);
            all.add(rule);
            outcomes.put(rule, new ArrayList<>());
        }
        node.path("properties").fields().forEachRemaining(p -> collect(p.getValue(), path + "." + p.getKey()));
        if (node.has("items")) {
            collect(node.get("items"), path + "[*]");
        }
    }

    private static CelRuntime.Program compile(String expression) {
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            return RUNTIME.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("CEL rule does not compile: " + expression + "\n" + e.getMessage(), e);
        }
    }

    private void evaluate(JsonNode schemaNode, JsonNode value, JsonNode oldValue, String path, List<String> violations) {
        for (Rule rule : rulesBySchemaNode.getOrDefault(schemaNode, List.of())) {
            if (rule.transition() && oldValue == null) {
                continue;
            }
            Map<String, Object> vars = new HashMap<>();
            vars.put("self", toCel(value));
            if (oldValue != null) {
                vars.put("oldSelf", toCel(oldValue));
            }
            boolean passed;
            String detail = "";
            try {
                passed = Boolean.TRUE.equals(rule.program().eval(vars));
            } catch (CelEvaluationException e) {
                // The API server reports a rule that fails to evaluate as a violation too.
                passed = false;
                detail = " (evaluation error: " + e.getMessage() + ")";
            }
            outcomes.get(rule).add(passed);
            if (!passed) {
                violations.add((path.isEmpty() ? "<root>" : path) + ": " + rule.message() + detail);
            }
        }
        if (value.isObject() && schemaNode.has("properties")) {
            schemaNode.get("properties").fields().forEachRemaining(p -> {
                if (value.has(p.getKey())) {
                    JsonNode old = oldValue != null && oldValue.has(p.getKey()) ? oldValue.get(p.getKey()) : null;
                    evaluate(p.getValue(), value.get(p.getKey()), old, path + "." + p.getKey(), violations);
                }
            });
        }
        if (value.isArray() && schemaNode.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                evaluate(schemaNode.get("items"), value.get(i), null, path + "[" + i + "]", violations);
            }
        }
    }

    /** JSON to the Java types cel-java expects for a dyn value. */
    static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    map.put(f.getKey(), toCel(f.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }
}
