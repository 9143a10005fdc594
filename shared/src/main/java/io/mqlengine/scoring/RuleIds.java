package io.mqlengine.scoring;

import io.mqlengine.json.JsonObjectReader;
import java.util.HashSet;
import java.util.Set;

/** The rule ids read so far in one namespace: each must be well-formed and unique within it. */
final class RuleIds {
    private final Set<String> seen = new HashSet<>();

    /** The rule's {@code id}, reporting a malformed or repeated one. */
    String read(JsonObjectReader rule) {
        String id = rule.string("id", true);
        if (id != null && !id.matches("[a-z0-9][a-z0-9-]{0,47}")) {
            rule.problem("id", "must be 1-48 characters of lower-case letters, digits and '-', was '" + id + "'");
        } else if (id != null && !seen.add(id)) {
            rule.problem("id", "duplicates another rule id '" + id + "'");
        }
        return id;
    }
}
