package io.mqlengine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Problem;
import io.mqlengine.model.Emails;
import io.mqlengine.model.Traits;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The rules of an event's traits: known names only, a plausible email, a whole company size; a group carries the
 * company's traits only.
 */
final class EventTraits {
    private static final Set<String> TRAIT_FIELDS = Set.of("email", "firstName", "lastName", "title", "company",
            "companySize", "industry", "country");
    private static final Set<String> COMPANY_TRAITS = Set.of("company", "companySize", "industry");

    private EventTraits() {
    }

    /** The traits in {@code t}, found at {@code path}; {@code company} when the event is a group. */
    static Traits read(JsonNode t, boolean company, String path, List<Problem> problems) {
        if (!t.isObject()) {
            problems.add(new Problem(path, "must be a JSON object"));
            return Traits.NONE;
        }
        for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (EventValidator.SERVER_OWNED.contains(name)) {
                problems.add(new Problem(path + "." + name, "is owned by the server and must not be sent"));
            } else if (!TRAIT_FIELDS.contains(name)) {
                problems.add(new Problem(path + "." + name, "unknown trait; known traits are " + TRAIT_FIELDS));
            } else if (company && !COMPANY_TRAITS.contains(name)) {
                problems.add(new Problem(path + "." + name, "is not a company trait; a group carries "
                        + COMPANY_TRAITS));
            }
        }
        String email = TextFields.optional(t, "email", path, 254, problems);
        if (email != null && !Emails.isPlausible(email)) {
            problems.add(new Problem(path + ".email", "is not an email address"));
            email = null;
        }
        Integer size = null;
        JsonNode sizeNode = t.get("companySize");
        if (sizeNode != null && !sizeNode.isNull()) {
            if (!sizeNode.canConvertToInt() || !sizeNode.isIntegralNumber() || sizeNode.intValue() < 0) {
                problems.add(new Problem(path + ".companySize", "must be a whole number of employees, 0 or more"));
            } else {
                size = sizeNode.intValue();
            }
        }
        return new Traits(email,
                TextFields.optional(t, "firstName", path, 128, problems),
                TextFields.optional(t, "lastName", path, 128, problems),
                TextFields.optional(t, "title", path, 256, problems),
                TextFields.optional(t, "company", path, 256, problems),
                size,
                TextFields.optional(t, "industry", path, 128, problems),
                TextFields.optional(t, "country", path, 64, problems));
    }
}
