package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/** Two answers printed in two columns, so a mismatch can be read at a glance; differing lines are marked. */
final class SideBySide {
    private static final int WIDTH = 72;
    private static final int MAX_LINES = 120;
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SideBySide() {
    }

    static String render(String leftTitle, JsonNode left, String rightTitle, JsonNode right) {
        List<String> l = lines(left);
        List<String> r = lines(right);
        StringBuilder out = new StringBuilder();
        out.append(pad(leftTitle)).append("   | ").append(rightTitle).append('\n');
        out.append("-".repeat(WIDTH)).append("---+-").append("-".repeat(WIDTH)).append('\n');
        int n = Math.min(MAX_LINES, Math.max(l.size(), r.size()));
        for (int i = 0; i < n; i++) {
            String a = i < l.size() ? l.get(i) : "";
            String b = i < r.size() ? r.get(i) : "";
            out.append(pad(a)).append(a.equals(b) ? "   | " : " ≠ | ").append(cut(b)).append('\n');
        }
        if (Math.max(l.size(), r.size()) > MAX_LINES) {
            out.append("(").append(Math.max(l.size(), r.size()) - MAX_LINES).append(" more lines)\n");
        }
        return out.toString();
    }

    private static List<String> lines(JsonNode node) {
        try {
            return List.of((node == null ? "(no answer)" : PRETTY.writeValueAsString(node)).split("\n"));
        } catch (JsonProcessingException e) {
            return List.of(String.valueOf(node));
        }
    }

    private static String cut(String s) {
        return s.length() > WIDTH ? s.substring(0, WIDTH - 3) + "..." : s;
    }

    private static String pad(String s) {
        String c = cut(s);
        return c + " ".repeat(WIDTH - c.length());
    }
}
