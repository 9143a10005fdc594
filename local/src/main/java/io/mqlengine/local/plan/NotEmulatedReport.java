package io.mqlengine.local.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.local.template.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the features a template uses that the twin checks but does not emulate, with the reason. */
public final class NotEmulatedReport {
    private final Map<String, String> reasons = new LinkedHashMap<>();
    private final Map<String, List<String>> resources = new LinkedHashMap<>();

    public void add(String feature, String reason, String resource) {
        reasons.putIfAbsent(feature, reason);
        List<String> ids = resources.computeIfAbsent(feature, k -> new ArrayList<>());
        if (!ids.contains(resource)) {
            ids.add(resource);
        }
    }

    /** Adds the type itself and each present property that the catalog marks CHECKED. */
    public void fromCatalog(Catalog.TypeEntry type, String resource, JsonNode properties) {
        if (type.whole().support() == Catalog.Support.CHECKED) {
            add(type.type(), type.whole().note(), resource);
        }
        properties.fieldNames().forEachRemaining(name -> {
            Catalog.Entry entry = type.properties().get(name);
            if (entry != null && entry.support() == Catalog.Support.CHECKED) {
                add(type.type() + "." + name, entry.note(), resource);
            }
        });
    }

    public List<TwinPlan.NotEmulated> list() {
        List<TwinPlan.NotEmulated> out = new ArrayList<>();
        reasons.forEach((feature, reason) -> out.add(new TwinPlan.NotEmulated(feature, reason, List.copyOf(resources.get(feature)))));
        return out;
    }
}
