package io.mqlengine.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * SAM's Globals merge: maps merge key by key (so Environment.Variables merge and the function wins),
 * lists are additive with the global entries first, and any other value of the function wins.
 */
public final class FunctionGlobals {
    private FunctionGlobals() {}

    public static ObjectNode merge(JsonNode globals, ObjectNode local) {
        if (globals == null || !globals.isObject()) {
            return local.deepCopy();
        }
        ObjectNode out = globals.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = local.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode global = out.get(e.getKey());
            JsonNode mine = e.getValue();
            if (global instanceof ObjectNode g && mine instanceof ObjectNode m && !intrinsic(g) && !intrinsic(m)) {
                out.set(e.getKey(), merge(g, m));
            } else if (global instanceof ArrayNode g && mine instanceof ArrayNode m) {
                ArrayNode both = g.deepCopy();
                both.addAll(m);
                out.set(e.getKey(), both);
            } else {
                out.set(e.getKey(), mine.deepCopy());
            }
        }
        return out;
    }

    /** True when the property came from Globals (for messages that say where a value came from). */
    public static boolean fromGlobals(JsonNode globals, ObjectNode local, String property) {
        return globals != null && globals.has(property) && !local.has(property);
    }

    private static boolean intrinsic(ObjectNode node) {
        if (node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::");
    }
}
