package io.mqlengine.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parameter values as CloudFormation would see them: the Default, overridden by {@code --param},
 * checked against AllowedPattern, AllowedValues, Min/MaxLength and Min/MaxValue. AllowedOrigins, which has no
 * Default, gets the twin's loopback origins (see {@link AllowedOriginsParameter}).
 */
public final class ParameterValues {
    private static final Set<String> KNOWN = Set.of("Type", "Default", "AllowedPattern", "AllowedValues",
            "MinLength", "MaxLength", "MinValue", "MaxValue", "NoEcho", "Description", "ConstraintDescription");
    private static final Set<String> TYPES = Set.of("String", "Number", "CommaDelimitedList", "List<Number>");

    private final Map<String, JsonNode> values;
    private final Map<String, String> raw;

    private ParameterValues(Map<String, JsonNode> values, Map<String, String> raw) {
        this.values = values;
        this.raw = raw;
    }

    public static ParameterValues resolve(Template template, Map<String, String> overrides) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Map<String, String> raw = new LinkedHashMap<>();
        Set<String> unused = new HashSet<>(overrides.keySet());
        template.section("Parameters").fields().forEachRemaining(e -> {
            String name = e.getKey();
            String path = "Parameters." + name;
            JsonNode decl = e.getValue();
            if (!decl.isObject()) {
                throw new TemplateRefusal(path, "expected a mapping with Type");
            }
            decl.fieldNames().forEachRemaining(k -> {
                if (!KNOWN.contains(k)) {
                    throw new TemplateRefusal(path + "." + k, "unknown parameter property");
                }
            });
            String type = decl.path("Type").asText("");
            if (!TYPES.contains(type)) {
                throw new TemplateRefusal(path + ".Type", "type '" + type + "' is not supported by the local twin (use one of " + TYPES + ")");
            }
            unused.remove(name);
            String value = overrides.containsKey(name) ? overrides.get(name) : scalar(decl.get("Default"));
            if (value == null) {
                value = AllowedOriginsParameter.twinDefault(name).orElseThrow(() ->
                        new TemplateRefusal(path, "has no Default; pass --param " + name + "=VALUE"));
            }
            AllowedOriginsParameter.check(name, path, value);
            check(path, decl, type, value);
            raw.put(name, value);
            values.put(name, typed(type, value));
        });
        if (!unused.isEmpty()) {
            String name = unused.iterator().next();
            throw new TemplateRefusal("--param " + name, "the template declares no parameter " + name);
        }
        return new ParameterValues(values, raw);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value as Ref yields it: text, or a list for list types. */
    public JsonNode ref(String name) {
        return values.get(name);
    }

    public String text(String name) {
        return raw.get(name);
    }

    private static String scalar(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            node.forEach(v -> joined.append(joined.length() == 0 ? "" : ",").append(v.asText()));
            return joined.toString();
        }
        return node.asText();
    }

    private static JsonNode typed(String type, String value) {
        if (type.equals("CommaDelimitedList") || type.equals("List<Number>")) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (String part : value.split(",", -1)) {
                list.add(part.trim());
            }
            return list;
        }
        return JsonNodeFactory.instance.textNode(value);
    }

    private static void check(String path, JsonNode decl, String type, String value) {
        boolean secret = decl.path("NoEcho").asBoolean(false) || decl.path("NoEcho").asText().equals("true");
        String shown = secret ? "the value" : "'" + value + "'";
        String hint = decl.has("ConstraintDescription") ? " (" + decl.get("ConstraintDescription").asText() + ")" : "";
        if (decl.has("AllowedPattern")) {
            String pattern = decl.get("AllowedPattern").asText();
            try {
                if (!Pattern.compile(pattern).matcher(value).matches()) {
                    throw new TemplateRefusal(path + ".AllowedPattern", shown + " does not match " + pattern + hint);
                }
            } catch (PatternSyntaxException e) {
                throw new TemplateRefusal(path + ".AllowedPattern", "not a valid pattern: " + e.getDescription());
            }
        }
        if (decl.has("AllowedValues")) {
            boolean allowed = false;
            for (JsonNode v : decl.get("AllowedValues")) {
                allowed |= v.asText().equals(value) || numericEquals(v.asText(), value);
            }
            if (!allowed) {
                throw new TemplateRefusal(path + ".AllowedValues", shown + " is not one of " + decl.get("AllowedValues") + hint);
            }
        }
        if (decl.has("MinLength") && value.length() < decl.get("MinLength").asInt()) {
            throw new TemplateRefusal(path + ".MinLength", shown + " is shorter than " + decl.get("MinLength").asInt() + hint);
        }
        if (decl.has("MaxLength") && value.length() > decl.get("MaxLength").asInt()) {
            throw new TemplateRefusal(path + ".MaxLength", shown + " is longer than " + decl.get("MaxLength").asInt() + hint);
        }
        if (type.equals("Number")) {
            BigDecimal number = number(path, value, shown);
            if (decl.has("MinValue") && number.compareTo(number(path + ".MinValue", decl.get("MinValue").asText(), "MinValue")) < 0) {
                throw new TemplateRefusal(path + ".MinValue", shown + " is below " + decl.get("MinValue").asText() + hint);
            }
            if (decl.has("MaxValue") && number.compareTo(number(path + ".MaxValue", decl.get("MaxValue").asText(), "MaxValue")) > 0) {
                throw new TemplateRefusal(path + ".MaxValue", shown + " is above " + decl.get("MaxValue").asText() + hint);
            }
        }
    }

    private static boolean numericEquals(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static BigDecimal number(String path, String value, String shown) {
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new TemplateRefusal(path, shown + " is not a number");
        }
    }
}
