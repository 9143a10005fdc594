package io.mqlengine.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Resolves the intrinsic functions the twin understands — Ref, Fn::GetAtt, Fn::Sub (both forms),
 * Fn::Split, Fn::Join, Fn::Select — and the pseudo parameters. Every other intrinsic is refused.
 */
public final class Intrinsics {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    public static final String STACK = "mql-local";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, JsonNode> PSEUDO = Map.of(
            "AWS::Region", NODES.textNode(REGION),
            "AWS::AccountId", NODES.textNode(ACCOUNT),
            "AWS::StackName", NODES.textNode(STACK),
            "AWS::StackId", NODES.textNode("arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":stack/" + STACK
                    + "/00000000-0000-0000-0000-000000000000"),
            "AWS::URLSuffix", NODES.textNode("amazonaws.com"),
            "AWS::Partition", NODES.textNode("aws"),
            "AWS::NotificationARNs", NODES.arrayNode(),
            "AWS::NoValue", MissingNode.getInstance());

    private final ParameterValues parameters;
    private final References references;

    public Intrinsics(ParameterValues parameters, References references) {
        this.parameters = parameters;
        this.references = references;
    }

    /** Returns the resolved tree; AWS::NoValue resolves to a missing node and drops its key. */
    public JsonNode resolve(JsonNode node, String path) {
        if (node == null) {
            return MissingNode.getInstance();
        }
        if (node.isObject()) {
            if (node.size() == 1) {
                String key = node.fieldNames().next();
                if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition")) {
                    return intrinsic(key, node.get(key), path);
                }
            }
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode value = resolve(e.getValue(), path + "." + e.getKey());
                if (!value.isMissingNode()) {
                    out.set(e.getKey(), value);
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = resolve(node.get(i), path + "[" + i + "]");
                if (!value.isMissingNode()) {
                    out.add(value);
                }
            }
            return out;
        }
        return node;
    }

    /** Resolves and insists on one string (numbers and booleans are shown as text). */
    public String text(JsonNode node, String path) {
        JsonNode value = resolve(node, path);
        if (!value.isValueNode() || value.isNull()) {
            throw new TemplateRefusal(path, "expected a string, got " + value);
        }
        return value.asText();
    }

    private JsonNode intrinsic(String name, JsonNode arg, String path) {
        String at = path + "." + name;
        return switch (name) {
            case "Ref" -> ref(text(arg, at), at);
            case "Fn::GetAtt" -> getAtt(arg, at);
            case "Fn::Sub" -> NODES.textNode(sub(arg, at));
            case "Fn::Split" -> split(arg, at);
            case "Fn::Join" -> join(arg, at);
            case "Fn::Select" -> select(arg, at);
            default -> throw new TemplateRefusal(at, "intrinsic function " + name.replace("Fn::", "!")
                    + " is not supported by the local twin (it understands Ref, GetAtt, Sub, Split, Join, Select)");
        };
    }

    private JsonNode ref(String name, String path) {
        if (PSEUDO.containsKey(name)) {
            return PSEUDO.get(name);
        }
        if (name.startsWith("AWS::")) {
            throw new TemplateRefusal(path, "unknown pseudo parameter " + name);
        }
        if (parameters.has(name)) {
            return parameters.ref(name);
        }
        if (references.isResource(name)) {
            return references.ref(name, path);
        }
        throw new TemplateRefusal(path, "Ref to " + name + ", which is neither a parameter nor a resource");
    }

    private JsonNode getAtt(JsonNode arg, String path) {
        String logicalId;
        String attribute;
        if (arg.isTextual()) {
            int dot = arg.asText().indexOf('.');
            if (dot <= 0) {
                throw new TemplateRefusal(path, "expected LogicalId.Attribute, got " + arg.asText());
            }
            logicalId = arg.asText().substring(0, dot);
            attribute = arg.asText().substring(dot + 1);
        } else if (arg.isArray() && arg.size() == 2) {
            logicalId = text(arg.get(0), path + "[0]");
            attribute = text(arg.get(1), path + "[1]");
        } else {
            throw new TemplateRefusal(path, "expected LogicalId.Attribute or [LogicalId, Attribute]");
        }
        if (!references.isResource(logicalId)) {
            throw new TemplateRefusal(path, "GetAtt of " + logicalId + ", which is not a resource of the template");
        }
        return references.getAtt(logicalId, attribute, path);
    }

    private String sub(JsonNode arg, String path) {
        Map<String, JsonNode> variables = new HashMap<>();
        String template;
        if (arg.isTextual()) {
            template = arg.asText();
        } else if (arg.isArray() && arg.size() == 2 && arg.get(0).isTextual() && arg.get(1).isObject()) {
            template = arg.get(0).asText();
            arg.get(1).fields().forEachRemaining(e ->
                    variables.put(e.getKey(), resolve(e.getValue(), path + "[1]." + e.getKey())));
        } else {
            throw new TemplateRefusal(path, "expected a string or [string, {variables}]");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int start = template.indexOf("${", i);
            if (start < 0) {
                out.append(template, i, template.length());
                return out.toString();
            }
            out.append(template, i, start);
            int end = template.indexOf('}', start);
            if (end < 0) {
                throw new TemplateRefusal(path, "unterminated ${ in " + template);
            }
            String expr = template.substring(start + 2, end).trim();
            out.append(expr.startsWith("!") ? "${" + expr.substring(1) + "}" : variable(expr, variables, path));
            i = end + 1;
        }
    }

    private String variable(String expr, Map<String, JsonNode> variables, String path) {
        JsonNode value;
        if (variables.containsKey(expr)) {
            value = variables.get(expr);
        } else if (expr.contains(".") && !expr.contains("::")) {
            value = getAtt(NODES.textNode(expr), path + "${" + expr + "}");
        } else {
            value = ref(expr, path + "${" + expr + "}");
        }
        if (!value.isValueNode() || value.isNull()) {
            throw new TemplateRefusal(path, "${" + expr + "} is not a single string");
        }
        return value.asText();
    }

    private JsonNode split(JsonNode arg, String path) {
        if (!arg.isArray() || arg.size() != 2) {
            throw new TemplateRefusal(path, "expected [delimiter, string]");
        }
        String delimiter = text(arg.get(0), path + "[0]");
        String source = text(arg.get(1), path + "[1]");
        ArrayNode out = NODES.arrayNode();
        int from = 0;
        while (true) {
            int at = delimiter.isEmpty() ? -1 : source.indexOf(delimiter, from);
            if (at < 0) {
                out.add(source.substring(from));
                return out;
            }
            out.add(source.substring(from, at));
            from = at + delimiter.length();
        }
    }

    private JsonNode join(JsonNode arg, String path) {
        if (!arg.isArray() || arg.size() != 2) {
            throw new TemplateRefusal(path, "expected [delimiter, [values]]");
        }
        String delimiter = text(arg.get(0), path + "[0]");
        JsonNode values = resolve(arg.get(1), path + "[1]");
        if (!values.isArray()) {
            throw new TemplateRefusal(path + "[1]", "expected a list");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isValueNode()) {
                throw new TemplateRefusal(path + "[1][" + i + "]", "expected a string");
            }
            out.append(i == 0 ? "" : delimiter).append(values.get(i).asText());
        }
        return NODES.textNode(out.toString());
    }

    private JsonNode select(JsonNode arg, String path) {
        if (!arg.isArray() || arg.size() != 2) {
            throw new TemplateRefusal(path, "expected [index, [values]]");
        }
        int index = Integer.parseInt(text(arg.get(0), path + "[0]"));
        JsonNode values = resolve(arg.get(1), path + "[1]");
        if (!values.isArray() || index < 0 || index >= values.size()) {
            throw new TemplateRefusal(path, "index " + index + " is outside the list " + values);
        }
        return values.get(index);
    }
}
