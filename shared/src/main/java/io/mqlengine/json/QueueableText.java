package io.mqlengine.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Text that SQS can carry. A message may hold only #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and
 * #x10000-#x10FFFF: JSON lets a client send a lone UTF-16 surrogate ({@code "\ud800"}) or U+FFFE/U+FFFF, which
 * no retry could ever queue, so they are refused at the door, in field names as in values. (Control characters,
 * which SQS also refuses, are refused by the event validator wherever it keeps the text.)
 */
public final class QueueableText {

    private QueueableText() {
    }

    /** Index of the first lone UTF-16 surrogate, U+FFFE or U+FFFF in {@code s}, or -1. */
    public static int firstRefused(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (refused(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean refused(char c) {
        return Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF';
    }

    /** {@code s} with every unit SQS refuses written as {@code \\uXXXX}, so an answer naming it can be sent. */
    public static String escaped(String s) {
        if (firstRefused(s) < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (refused(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Adds a problem for every string value and field name under {@code node} that SQS would refuse. */
    public static void check(JsonNode node, String path, List<Problem> problems) {
        if (node.isTextual()) {
            int at = firstRefused(node.textValue());
            if (at >= 0) {
                problems.add(new Problem(path, describe(node.textValue(), at)));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String childPath = path + "." + e.getKey();
                int at = firstRefused(e.getKey());
                if (at >= 0) {
                    problems.add(new Problem(childPath, "field name " + describe(e.getKey(), at)));
                }
                check(e.getValue(), childPath, problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static String describe(String s, int at) {
        char c = s.charAt(at);
        String what = Character.isSurrogate(c) ? "a lone UTF-16 surrogate" : "the noncharacter";
        return String.format("contains %s (U+%04X) at offset %d; it is not text and cannot be queued", what, (int) c, at);
    }
}
