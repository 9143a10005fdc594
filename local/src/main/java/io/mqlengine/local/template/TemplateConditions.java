package io.mqlengine.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The template's Conditions, decided from the parameter values before anything is planned, as CloudFormation decides
 * them at deployment: a resource or output whose {@code Condition} is false is left out, {@code Fn::If} becomes the
 * branch its condition chooses ({@code !Ref AWS::NoValue} then drops its key, as everywhere). Conditions are built
 * from {@code Fn::Equals} (of parameter Refs and literals), {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or} and
 * {@code Condition}; anything else in them is refused, named.
 */
public final class TemplateConditions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode declared;
    private final ParameterValues parameters;
    private final Map<String, Boolean> decided = new HashMap<>();
    private final Set<String> deciding = new HashSet<>();

    private TemplateConditions(ObjectNode declared, ParameterValues parameters) {
        this.declared = declared;
        this.parameters = parameters;
    }

    /** The template as deployed with {@code parameters}: no Conditions section, no Condition attribute, no Fn::If. */
    public static Template apply(Template template, ParameterValues parameters) {
        ObjectNode declared = template.section("Conditions");
        if (declared.isEmpty() && !mentionsIf(template.root())) {
            return template;
        }
        TemplateConditions conditions = new TemplateConditions(declared, parameters);
        ObjectNode root = template.root().deepCopy();
        root.remove("Conditions");
        for (String section : new String[] {"Resources", "Outputs"}) {
            JsonNode entries = root.path(section);
            if (entries instanceof ObjectNode object) {
                for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue() instanceof ObjectNode entry && entry.has("Condition")) {
                        String path = section + "." + e.getKey() + ".Condition";
                        boolean on = conditions.named(entry.get("Condition").asText(), path);
                        entry.remove("Condition");
                        if (!on) {
                            it.remove();
                        }
                    }
                }
            }
        }
        return new Template(template.file(), (ObjectNode) conditions.choose(root, ""));
    }

    private static boolean mentionsIf(JsonNode node) {
        if (node.isObject()) {
            if (node.has("Fn::If")) {
                return true;
            }
            for (JsonNode child : node) {
                if (mentionsIf(child)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                if (mentionsIf(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The tree with every Fn::If replaced by its chosen branch. */
    private JsonNode choose(JsonNode node, String path) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Fn::If")) {
                JsonNode args = node.get("Fn::If");
                if (!args.isArray() || args.size() != 3 || !args.get(0).isTextual()) {
                    throw new TemplateRefusal(path + ".Fn::If", "takes [ConditionName, value if true, value if false]");
                }
                boolean on = named(args.get(0).asText(), path + ".Fn::If");
                return choose(args.get(on ? 1 : 2), path);
            }
            ObjectNode out = NODES.objectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), choose(e.getValue(), path + "." + e.getKey())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(choose(node.get(i), path + "[" + i + "]"));
            }
            return out;
        }
        return node;
    }

    private boolean named(String name, String path) {
        Boolean known = decided.get(name);
        if (known != null) {
            return known;
        }
        JsonNode definition = declared.get(name);
        if (definition == null) {
            throw new TemplateRefusal(path, "names condition " + name + ", which Conditions does not declare");
        }
        if (!deciding.add(name)) {
            throw new TemplateRefusal("Conditions." + name, "refers to itself");
        }
        boolean value = evaluate(definition, "Conditions." + name);
        deciding.remove(name);
        decided.put(name, value);
        return value;
    }

    private boolean evaluate(JsonNode node, String path) {
        if (!node.isObject() || node.size() != 1) {
            throw new TemplateRefusal(path, "a condition is one of Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition");
        }
        String function = node.fieldNames().next();
        JsonNode args = node.get(function);
        String at = path + "." + function;
        return switch (function) {
            case "Condition" -> named(args.asText(), at);
            case "Fn::Equals" -> {
                if (!args.isArray() || args.size() != 2) {
                    throw new TemplateRefusal(at, "takes two values");
                }
                yield value(args.get(0), at + "[0]").equals(value(args.get(1), at + "[1]"));
            }
            case "Fn::Not" -> {
                if (!args.isArray() || args.size() != 1) {
                    throw new TemplateRefusal(at, "takes one condition");
                }
                yield !evaluate(args.get(0), at + "[0]");
            }
            case "Fn::And", "Fn::Or" -> {
                if (!args.isArray() || args.size() < 2 || args.size() > 10) {
                    throw new TemplateRefusal(at, "takes 2 to 10 conditions");
                }
                boolean and = function.equals("Fn::And");
                boolean result = and;
                for (int i = 0; i < args.size(); i++) {
                    boolean v = evaluate(args.get(i), at + "[" + i + "]");
                    result = and ? result && v : result || v;
                }
                yield result;
            }
            default -> throw new TemplateRefusal(at, "is not supported in Conditions by the local twin (Fn::Equals, "
                    + "Fn::Not, Fn::And, Fn::Or and Condition are)");
        };
    }

    /** A literal, or the value of a parameter Ref. */
    private String value(JsonNode node, String path) {
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isObject() && node.size() == 1 && node.has("Ref")) {
            String name = node.get("Ref").asText();
            if (!parameters.has(name)) {
                throw new TemplateRefusal(path, "Ref " + name + " in a condition must name a parameter of the template");
            }
            return parameters.text(name);
        }
        throw new TemplateRefusal(path, "the local twin compares literals and parameter Refs in Fn::Equals, got " + node);
    }
}
