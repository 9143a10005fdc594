package io.mqlengine.local.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mqlengine.local.template.TemplateRefusal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed reads of a resolved property mapping that remember the path for messages and which keys were
 * read, so that {@link #refuseUnread()} refuses any nested property the twin did not look at.
 */
public final class Props {
    private final JsonNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();

    private Props(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    public static Props of(JsonNode node, String path) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new Props(JsonNodeFactory.instance.objectNode(), path);
        }
        if (!node.isObject()) {
            throw new TemplateRefusal(path, "expected a mapping, got " + node);
        }
        return new Props(node, path);
    }

    public String path() {
        return path;
    }

    public String path(String key) {
        return path + "." + key;
    }

    public boolean has(String key) {
        read.add(key);
        return node.has(key);
    }

    /** The keys present, in template order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    public JsonNode raw(String key) {
        read.add(key);
        return node.path(key);
    }

    public String string(String key) {
        return optString(key).orElseThrow(() -> new TemplateRefusal(path(key), "required"));
    }

    public Optional<String> optString(String key) {
        JsonNode value = raw(key);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw new TemplateRefusal(path(key), "expected a string, got " + value);
        }
        return Optional.of(value.asText());
    }

    public int integer(String key, int fallback) {
        return optString(key).map(v -> parseInt(key, v)).orElse(fallback);
    }

    public int integer(String key, int fallback, int min, int max) {
        int value = integer(key, fallback);
        if (value < min || value > max) {
            throw new TemplateRefusal(path(key), value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public double number(String key, double fallback) {
        return optString(key).map(v -> {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new TemplateRefusal(path(key), "expected a number, got " + v);
            }
        }).orElse(fallback);
    }

    public boolean bool(String key, boolean fallback) {
        return optString(key).map(v -> switch (v) {
            case "true", "True" -> true;
            case "false", "False" -> false;
            default -> throw new TemplateRefusal(path(key), "expected true or false, got " + v);
        }).orElse(fallback);
    }

    /** A list of strings; a single string counts as a list of one. */
    public List<String> strings(String key) {
        JsonNode value = raw(key);
        List<String> out = new ArrayList<>();
        if (value.isMissingNode() || value.isNull()) {
            return out;
        }
        if (value.isValueNode()) {
            out.add(value.asText());
            return out;
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isValueNode()) {
                throw new TemplateRefusal(path(key) + "[" + i + "]", "expected a string");
            }
            out.add(value.get(i).asText());
        }
        return out;
    }

    public Props object(String key) {
        return Props.of(raw(key), path(key));
    }

    public List<Props> objects(String key) {
        JsonNode value = raw(key);
        List<Props> out = new ArrayList<>();
        if (value.isMissingNode() || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw new TemplateRefusal(path(key), "expected a list");
        }
        for (int i = 0; i < value.size(); i++) {
            out.add(Props.of(value.get(i), path(key) + "[" + i + "]"));
        }
        return out;
    }

    public <T extends Enum<T>> T oneOf(String key, Class<T> type, T fallback) {
        return optString(key).map(v -> {
            for (T constant : type.getEnumConstants()) {
                if (constant.name().equals(v)) {
                    return constant;
                }
            }
            throw new TemplateRefusal(path(key), "'" + v + "' is not one of " + List.of(type.getEnumConstants()));
        }).orElse(fallback);
    }

    public void requireOneOf(String key, Set<String> allowed) {
        for (String value : strings(key)) {
            if (!allowed.contains(value)) {
                throw new TemplateRefusal(path(key), "'" + value + "' is not one of " + allowed);
            }
        }
    }

    /** Marks keys as read without using them (documented elsewhere as checked, not emulated). */
    public void accept(String... keys) {
        read.addAll(List.of(keys));
    }

    public void refuseUnread() {
        node.fieldNames().forEachRemaining(k -> {
            if (!read.contains(k)) {
                throw new TemplateRefusal(path(k), "unknown property; the local twin refuses what it cannot honour");
            }
        });
    }

    private int parseInt(String key, String value) {
        try {
            return new BigDecimal(value).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TemplateRefusal(path(key), "expected a whole number, got " + value);
        }
    }
}
