package io.mqlengine.local.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two valid scoring model documents, as marketing operations reads it: the version, the rules
 * (behaviour, fit, fast track and disqualifiers, by id) added, removed or changed, the thresholds, and any other
 * section that differs.
 */
public record ModelChanges(String fromVersion, String toVersion, List<String> added, List<String> removed,
                           List<String> changed, Map<String, Map<String, Object>> thresholds, List<String> otherSections) {

    /** The fields that decide when a lead qualifies or returns to marketing, and the fit grades' floors. */
    private static final List<String> THRESHOLDS = List.of("/mql/threshold", "/mql/minGrade", "/recycle/threshold",
            "/fit/grades/A", "/fit/grades/B", "/fit/grades/C", "/fit/grades/D");
    /** Sections compared rule by rule or threshold by threshold, not as a whole. */
    private static final Set<String> BY_RULE = Set.of("modelVersion", "behaviour", "disqualify", "mql", "fit", "recycle");

    public static ModelChanges between(JsonNode from, JsonNode to) {
        Map<String, JsonNode> before = rules(from);
        Map<String, JsonNode> after = rules(to);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> rule : after.entrySet()) {
            JsonNode old = before.get(rule.getKey());
            if (old == null) {
                added.add(rule.getKey());
            } else if (!old.equals(rule.getValue())) {
                changed.add(rule.getKey());
            }
        }
        List<String> removed = before.keySet().stream().filter(id -> !after.containsKey(id)).toList();
        Map<String, Map<String, Object>> thresholds = new LinkedHashMap<>();
        for (String pointer : THRESHOLDS) {
            JsonNode a = from.at(pointer);
            JsonNode b = to.at(pointer);
            if (!a.equals(b)) {
                Map<String, Object> fromTo = new LinkedHashMap<>();
                fromTo.put("from", value(a));
                fromTo.put("to", value(b));
                thresholds.put(pointer.substring(1).replace('/', '.'), fromTo);
            }
        }
        List<String> other = new ArrayList<>();
        sectionsDiffering(from, to, other);
        sectionsDiffering(to, from, other);
        for (String section : List.of("mql", "fit")) {
            // a change in these that is neither a rule nor a threshold (holdFor, the fast track's order, ...)
            if (!withoutRulesAndThresholds(from.path(section)).equals(withoutRulesAndThresholds(to.path(section)))) {
                other.add(section);
            }
        }
        return new ModelChanges(from.path("modelVersion").asText(null), to.path("modelVersion").asText(null),
                List.copyOf(added), removed, List.copyOf(changed), thresholds, other.stream().distinct().toList());
    }

    /** True when the documents differ in nothing this reports (formatting and descriptions aside, nothing moved). */
    public boolean none() {
        return Objects.equals(fromVersion, toVersion) && added.isEmpty() && removed.isEmpty() && changed.isEmpty()
                && thresholds.isEmpty() && otherSections.isEmpty();
    }

    /** The changes as JSON fields for a log line and the hook's answer. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("from", fromVersion);
        f.put("to", toVersion);
        f.put("rulesAdded", added);
        f.put("rulesRemoved", removed);
        f.put("rulesChanged", changed);
        f.put("thresholds", thresholds);
        f.put("otherSections", otherSections);
        return f;
    }

    /** Every rule of the document by id; ids are unique across sections, as the loader checks. */
    private static Map<String, JsonNode> rules(JsonNode doc) {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        for (JsonNode list : List.of(doc.path("behaviour"), doc.path("fit").path("rules"), doc.path("mql").path("fastTrack"),
                doc.path("disqualify"))) {
            list.forEach(rule -> rules.put(rule.path("id").asText(), rule));
        }
        return rules;
    }

    private static void sectionsDiffering(JsonNode a, JsonNode b, List<String> out) {
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!BY_RULE.contains(name) && !a.get(name).equals(b.get(name))) {
                out.add(name);
            }
        }
    }

    private static JsonNode withoutRulesAndThresholds(JsonNode section) {
        if (!section.isObject()) {
            return section;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = section.deepCopy();
        copy.remove(List.of("rules", "fastTrack", "threshold", "minGrade", "grades"));
        return copy;
    }

    private static Object value(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        return n.isNumber() ? n.numberValue() : n.asText();
    }
}
