package io.mqlengine.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Refuses, before anything starts, every section, type and property the {@link Catalog} does not know. */
public final class CatalogCheck {
    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Transform", "Description",
            "Parameters", "Globals", "Resources", "Outputs", "Metadata", "Conditions", "Mappings", "Rules");
    private static final String SAM = "AWS::Serverless-2016-10-31";
    private static final Set<String> OUTPUT_KEYS = Set.of("Value", "Description", "Export");

    private CatalogCheck() {}

    public static void check(Template template) {
        ObjectNode root = template.root();
        root.fieldNames().forEachRemaining(section -> {
            if (!SECTIONS.contains(section)) {
                throw new TemplateRefusal(section, "unknown template section");
            }
        });
        for (String unsupported : Set.of("Conditions", "Mappings", "Rules")) {
            if (root.has(unsupported) && root.get(unsupported).size() > 0) {
                throw new TemplateRefusal(unsupported, "not supported by the local twin");
            }
        }
        JsonNode transform = root.path("Transform");
        boolean sam = transform.asText().equals(SAM) || (transform.isArray() && transform.size() == 1
                && transform.get(0).asText().equals(SAM));
        if (!sam) {
            throw new TemplateRefusal("Transform", "the twin runs SAM templates: expected " + SAM);
        }
        checkGlobals(template.section("Globals"));
        Map<String, ObjectNode> resources = template.resources();
        resources.forEach((id, resource) -> checkResource(id, resource, resources.keySet()));
        template.section("Outputs").fields().forEachRemaining(e -> e.getValue().fieldNames().forEachRemaining(k -> {
            if (!OUTPUT_KEYS.contains(k)) {
                throw new TemplateRefusal("Outputs." + e.getKey() + "." + k, "unknown output property");
            }
        }));
    }

    private static void checkGlobals(ObjectNode globals) {
        globals.fields().forEachRemaining(e -> {
            String type = switch (e.getKey()) {
                case "Function" -> "AWS::Serverless::Function";
                case "HttpApi" -> "AWS::Serverless::HttpApi";
                default -> throw new TemplateRefusal("Globals." + e.getKey(), "not supported by the local twin (Function and HttpApi are)");
            };
            checkProperties("Globals." + e.getKey(), e.getValue(), Catalog.resource(type).orElseThrow(), type);
        });
    }

    private static void checkResource(String id, ObjectNode resource, Set<String> ids) {
        String path = "Resources." + id;
        resource.fieldNames().forEachRemaining(attribute -> {
            Catalog.Entry entry = Catalog.RESOURCE_ATTRIBUTES.get(attribute);
            if (entry == null) {
                throw new TemplateRefusal(path + "." + attribute, "unknown resource attribute");
            }
            if (entry.support() == Catalog.Support.REFUSED) {
                throw new TemplateRefusal(path + "." + attribute, entry.note());
            }
        });
        String type = resource.path("Type").asText(null);
        if (type == null) {
            throw new TemplateRefusal(path + ".Type", "missing");
        }
        Catalog.TypeEntry catalog = Catalog.resource(type).orElseThrow(() -> new TemplateRefusal(path + ".Type",
                "unknown resource type " + type + " (the local twin understands " + Catalog.resources().keySet() + ")"));
        JsonNode dependsOn = resource.path("DependsOn");
        for (JsonNode name : dependsOn.isArray() ? dependsOn : List.of(dependsOn)) {
            if (!name.isMissingNode() && !ids.contains(name.asText())) {
                throw new TemplateRefusal(path + ".DependsOn", name.asText() + " is not a resource of the template");
            }
        }
        JsonNode properties = resource.path("Properties");
        checkProperties(path + ".Properties", properties, catalog, type);
        if (type.equals("AWS::Serverless::Function") && properties.has("Events")) {
            properties.get("Events").fields().forEachRemaining(e -> checkEvent(path + ".Properties.Events." + e.getKey(), e.getValue()));
        }
    }

    private static void checkEvent(String path, JsonNode event) {
        event.fieldNames().forEachRemaining(k -> {
            if (!k.equals("Type") && !k.equals("Properties")) {
                throw new TemplateRefusal(path + "." + k, "unknown event property");
            }
        });
        String type = event.path("Type").asText("");
        Catalog.TypeEntry catalog = Catalog.event(type).orElseThrow(() -> new TemplateRefusal(path + ".Type",
                "event type '" + type + "' is not supported by the local twin (it runs " + Catalog.events().keySet() + ")"));
        checkProperties(path + ".Properties", event.path("Properties"), catalog, type + " event");
    }

    private static void checkProperties(String path, JsonNode properties, Catalog.TypeEntry catalog, String what) {
        if (properties.isMissingNode() || properties.isNull()) {
            return;
        }
        if (!properties.isObject()) {
            throw new TemplateRefusal(path, "expected a mapping");
        }
        properties.fieldNames().forEachRemaining(name -> {
            Catalog.Entry entry = catalog.properties().get(name);
            if (entry == null) {
                throw new TemplateRefusal(path + "." + name, "unknown property of " + what + "; the local twin refuses what it cannot honour");
            }
            if (entry.support() == Catalog.Support.REFUSED) {
                throw new TemplateRefusal(path + "." + name, entry.note());
            }
            checkKeys(path + "." + name, name, properties.get(name), catalog, what);
        });
    }

    /** The keys of a mapping-valued property that has {@code Property.Key} rows; a refused key names its entries. */
    private static void checkKeys(String path, String property, JsonNode value, Catalog.TypeEntry catalog, String what) {
        String prefix = property + ".";
        if (!value.isObject() || catalog.properties().keySet().stream().noneMatch(k -> k.startsWith(prefix))) {
            return;
        }
        value.fields().forEachRemaining(e -> {
            Catalog.Entry entry = catalog.properties().get(prefix + e.getKey());
            if (entry == null) {
                throw new TemplateRefusal(path + "." + e.getKey(), "unknown property of " + what + " " + property
                        + "; the local twin refuses what it cannot honour");
            }
            if (entry.support() == Catalog.Support.REFUSED) {
                throw new TemplateRefusal(path + "." + e.getKey(), named(e.getValue()) + entry.note());
            }
        });
    }

    /** "MyJwt: " for a mapping of named entries, "'MyJwt': " for a scalar, so the refusal names what was set. */
    private static String named(JsonNode value) {
        if (value.isObject() && value.size() > 0) {
            return String.join(", ", (Iterable<String>) value::fieldNames) + ": ";
        }
        return value.isValueNode() ? "'" + value.asText() + "': " : "";
    }
}
