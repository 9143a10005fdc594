package io.mqlengine.emulator.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields a mapping's filter patterns can read: the union of their keys, level by level, with {@code $or}
 * branches merged into the level they stand at, and a key with a list of matchers (a leaf) kept whole. A pattern
 * only looks up the keys it names, so a record's JSON cut down to these fields matches every one of the patterns
 * exactly as the whole record does. The stream pollers use it to leave out the image attributes no filter reads.
 */
public final class FilterFields {
    /** No pattern: the whole record. */
    public static final FilterFields ALL = new FilterFields(null);

    /** By key, what of the key's value is read; null: every key, whole. */
    private final Map<String, FilterFields> fields;

    private FilterFields(Map<String, FilterFields> fields) {
        this.fields = fields;
    }

    /** The fields {@code patterns} read; {@link #ALL} when there are none (an unfiltered mapping sees everything). */
    public static FilterFields of(List<FilterPattern> patterns) {
        if (patterns.isEmpty()) {
            return ALL;
        }
        Map<String, FilterFields> top = new HashMap<>();
        patterns.forEach(p -> merge(top, p.pattern()));
        return new FilterFields(top);
    }

    private static void merge(Map<String, FilterFields> into, JsonNode pattern) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("$or")) {
                e.getValue().forEach(branch -> merge(into, branch));
                continue;
            }
            FilterFields known = into.get(e.getKey());
            if (!e.getValue().isObject() || known == ALL) {
                into.put(e.getKey(), ALL);
                continue;
            }
            if (known == null) {
                known = new FilterFields(new HashMap<>());
                into.put(e.getKey(), known);
            }
            merge(known.fields, e.getValue());
        }
    }

    /** True when every key is read, whole. */
    public boolean whole() {
        return fields == null;
    }

    /** True when a pattern names {@code key} at this level. */
    public boolean reads(String key) {
        return fields == null || fields.containsKey(key);
    }

    /** What is read of {@code key}'s value: {@link #ALL} when it is read whole or this level is. */
    public FilterFields in(String key) {
        if (fields == null) {
            return ALL;
        }
        FilterFields f = fields.get(key);
        return f == null ? new FilterFields(Map.of()) : f;
    }

    /** The keys named at this level; every key when {@link #whole()}. */
    public Set<String> keys() {
        return fields == null ? Set.of() : fields.keySet();
    }
}
