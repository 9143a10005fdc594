package io.mqlengine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Problem;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules every string of an event follows: ids, required and optional strings, their length and control
 * characters. Each read records a problem with its JSON path and gives null when the field breaks a rule.
 */
final class TextFields {
    /** An event's or a visitor's id: a letter or digit, then up to 63 letters, digits, '.', '_', ':' or '-'. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}");

    private TextFields() {
    }

    /** The id in {@code field}, which is required. */
    static String id(JsonNode node, String field, String path, List<Problem> problems) {
        JsonNode v = node.get(field);
        String at = path + "." + field;
        if (v == null || v.isNull()) {
            problems.add(new Problem(at, "is required"));
            return null;
        }
        if (!v.isTextual() || !ID.matcher(v.textValue()).matches()) {
            problems.add(new Problem(at, "must be 1-64 characters of letters, digits, '.', '_', ':' or '-'"));
            return null;
        }
        return v.textValue();
    }

    /** The string in {@code field}, which must be present and not blank. */
    static String required(JsonNode node, String field, String path, int max, List<Problem> problems) {
        if (!node.has(field) || node.get(field).isNull()) {
            problems.add(new Problem(path + "." + field, "is required"));
            return null;
        }
        String s = optional(node, field, path, max, problems);
        if (s != null && s.isBlank()) {
            problems.add(new Problem(path + "." + field, "must not be blank"));
            return null;
        }
        return s;
    }

    /** The string in {@code field}, or null when it is absent or JSON null. */
    static String optional(JsonNode node, String field, String path, int max, List<Problem> problems) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String at = path + "." + field;
        if (!v.isTextual()) {
            problems.add(new Problem(at, "must be a string"));
            return null;
        }
        return checked(v.textValue(), at, max, problems);
    }

    /** {@code s} when it has at most {@code max} characters and no control character. */
    static String checked(String s, String at, int max, List<Problem> problems) {
        if (s.length() > max) {
            problems.add(new Problem(at, "is longer than " + max + " characters"));
            return null;
        }
        int bad = firstControl(s);
        if (bad >= 0) {
            problems.add(new Problem(at, String.format("contains control character U+%04X at offset %d",
                    (int) s.charAt(bad), bad)));
            return null;
        }
        return s;
    }

    /** Index of the first C0/C1 control character (tab included), or -1. */
    static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return i;
            }
        }
        return -1;
    }
}
