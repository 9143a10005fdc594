package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One HTTP answer from a backend: the status and the body, parsed as JSON where it is JSON. */
record Answer(int status, JsonNode body, String raw) {

    boolean ok() {
        return status == 200;
    }

    /** The error's short type (the part of {@code __type} after '#'), or null for a success. */
    String type() {
        if (body == null || !body.isObject() || !body.hasNonNull("__type")) {
            return null;
        }
        String type = body.get("__type").asText();
        return type.substring(type.indexOf('#') + 1);
    }

    /** The error message; the service writes {@code Message} for some errors and {@code message} for the rest. */
    String message() {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode m = body.hasNonNull("message") ? body.get("message") : body.get("Message");
        return m == null ? null : m.asText();
    }

    ObjectNode object() {
        return body != null && body.isObject() ? (ObjectNode) body : null;
    }

    /** "200" or "400 ValidationException: message", for failure reports. */
    String summary() {
        String type = type();
        if (type == null) {
            return String.valueOf(status) + (ok() ? "" : " " + abbreviate(raw));
        }
        String message = message();
        return status + " " + type + (message == null ? "" : ": " + abbreviate(message));
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
