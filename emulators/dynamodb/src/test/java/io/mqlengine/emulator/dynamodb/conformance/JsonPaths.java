package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Paths into answers as case files write them: {@code Table.LatestStreamArn},
 * {@code StreamDescription.Shards[0].ShardId}, {@code Responses.*} ('*' is every field or element).
 */
final class JsonPaths {
    private JsonPaths() {
    }

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                out.add(part);
                continue;
            }
            if (bracket > 0) {
                out.add(part.substring(0, bracket));
            }
            for (String index : part.substring(bracket + 1, part.length() - 1).split("]\\[")) {
                out.add("[" + index + "]");
            }
        }
        return out;
    }

    /** The node at the path, or null. */
    static JsonNode get(JsonNode root, String path) {
        JsonNode node = root;
        for (String seg : segments(path)) {
            if (node == null) {
                return null;
            }
            node = seg.startsWith("[") ? node.get(Integer.parseInt(seg.substring(1, seg.length() - 1))) : node.get(seg);
        }
        return node;
    }

    /** Calls back with the parent container of every node the path names, and the last segment. */
    static void forEachParent(JsonNode root, String path, ParentVisitor visitor) {
        List<String> segs = segments(path);
        walk(root, segs, 0, visitor);
    }

    /** Calls back with every node the path names. */
    static void forEach(JsonNode root, String path, Consumer<JsonNode> visitor) {
        forEachParent(root, path, (parent, last) -> {
            if (last.equals("*")) {
                parent.forEach(visitor);
            } else {
                JsonNode n = child(parent, last);
                if (n != null) {
                    visitor.accept(n);
                }
            }
        });
    }

    /** Removes every node the path names. */
    static void remove(JsonNode root, String path) {
        forEachParent(root, path, (parent, last) -> {
            if (parent instanceof ObjectNode o) {
                if (last.equals("*")) {
                    o.removeAll();
                } else {
                    o.remove(last);
                }
            } else if (parent instanceof ArrayNode a && last.startsWith("[")) {
                int i = Integer.parseInt(last.substring(1, last.length() - 1));
                if (i < a.size()) {
                    a.remove(i);
                }
            }
        });
    }

    private static void walk(JsonNode node, List<String> segs, int i, ParentVisitor visitor) {
        if (node == null || !node.isContainerNode()) {
            return;
        }
        if (i == segs.size() - 1) {
            visitor.visit(node, segs.get(i));
            return;
        }
        String seg = segs.get(i);
        if (seg.equals("*")) {
            for (JsonNode child : node) {
                walk(child, segs, i + 1, visitor);
            }
        } else {
            walk(child(node, seg), segs, i + 1, visitor);
        }
    }

    private static JsonNode child(JsonNode node, String seg) {
        return seg.startsWith("[") ? node.get(Integer.parseInt(seg.substring(1, seg.length() - 1))) : node.get(seg);
    }

    /** A visitor of parent containers. */
    interface ParentVisitor {
        void visit(JsonNode parent, String last);
    }
}
