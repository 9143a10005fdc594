package io.mqlengine.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed template: its file, and its sections as long-form Jackson trees. */
public record Template(Path file, ObjectNode root) {

    public Path directory() {
        Path parent = file.getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    public ObjectNode section(String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!(node instanceof ObjectNode object)) {
            throw new TemplateRefusal(name, "expected a mapping");
        }
        return object;
    }

    /** Resources by logical id, in template order. */
    public Map<String, ObjectNode> resources() {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        section("Resources").fields().forEachRemaining(e -> {
            if (!(e.getValue() instanceof ObjectNode r)) {
                throw new TemplateRefusal("Resources." + e.getKey(), "expected a mapping with Type and Properties");
            }
            out.put(e.getKey(), r);
        });
        return out;
    }

    public String typeOf(String logicalId) {
        ObjectNode resource = resources().get(logicalId);
        if (resource == null) {
            return null;
        }
        JsonNode type = resource.get("Type");
        return type == null ? null : type.asText();
    }

    public ObjectNode properties(String logicalId) {
        JsonNode props = resources().get(logicalId).get("Properties");
        return props instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    }
}
