package io.mqlengine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mqlengine.json.Json;
import io.mqlengine.json.Problem;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Segment's reserved traits as ours. identify: {@code email}; {@code firstName}/{@code first_name} and
 * {@code lastName}/{@code last_name}, else {@code name} split at its first space; {@code title}; {@code company}
 * as a name or as an object {@code {name, employee_count, industry}}; {@code employees}; {@code industry};
 * {@code country} or {@code address.country}. group (a company's traits): {@code name}, {@code employees},
 * {@code industry}. Every other trait is ignored; the server-owned names are refused.
 */
final class SegmentTraits {
    /** Where the traits were read, relative to the message: {@code traits} or {@code context.traits}. */
    private final String from;
    private final JsonNode traits;
    private final Map<String, String> sources;
    private final ObjectNode out = Json.object();

    private SegmentTraits(String from, JsonNode traits, Map<String, String> sources) {
        this.from = from;
        this.traits = traits;
        this.sources = sources;
    }

    /** The native traits of an identify, or null when {@code traits} is not an object (a problem is added). */
    static ObjectNode identify(JsonNode traits, String from, String at, Map<String, String> sources,
                               List<Problem> problems) {
        SegmentTraits t = start(traits, from, at, sources, problems);
        if (t == null) {
            return null;
        }
        String[] name = splitName(traits.get("name"));
        t.take("email", "email");
        t.take("firstName", "firstName", "first_name");
        t.take("lastName", "lastName", "last_name");
        if (name != null) {
            t.put("firstName", TextNode.valueOf(name[0]), "name");
            t.put("lastName", name[1] == null ? null : TextNode.valueOf(name[1]), "name");
        }
        t.take("title", "title");
        t.take("industry", "industry");
        t.take("country", "country");
        t.wholeNumber("companySize", traits.get("companySize"), "companySize");
        JsonNode company = traits.get("company");
        if (company != null && company.isObject()) {
            t.put("company", present(company.get("name")), "company.name");
            t.wholeNumber("companySize", company.get("employee_count"), "company.employee_count");
            t.put("industry", present(company.get("industry")), "company.industry");
        } else {
            t.put("company", present(company), "company");
        }
        t.wholeNumber("companySize", traits.get("employees"), "employees");
        JsonNode address = traits.get("address");
        if (address != null && address.isObject()) {
            t.put("country", present(address.get("country")), "address.country");
        }
        return t.out;
    }

    /** The native traits of a group (the company's): name, employees, industry. */
    static ObjectNode group(JsonNode traits, String from, String at, Map<String, String> sources,
                            List<Problem> problems) {
        SegmentTraits t = start(traits, from, at, sources, problems);
        if (t == null) {
            return null;
        }
        t.take("company", "name");
        if (traits.has("company") && traits.get("company").isTextual()) {
            t.take("company", "company");
        }
        t.wholeNumber("companySize", traits.get("employees"), "employees");
        t.wholeNumber("companySize", traits.get("employee_count"), "employee_count");
        t.wholeNumber("companySize", traits.get("companySize"), "companySize");
        t.take("industry", "industry");
        return t.out;
    }

    private static SegmentTraits start(JsonNode traits, String from, String at, Map<String, String> sources,
                                       List<Problem> problems) {
        if (!traits.isObject()) {
            problems.add(new Problem(at + "." + from, "must be a JSON object"));
            return null;
        }
        for (Iterator<String> it = traits.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (EventValidator.SERVER_OWNED.contains(name)) {
                problems.add(new Problem(at + "." + from + "." + name, "is owned by the server and must not be sent"));
            }
        }
        return new SegmentTraits(from, traits, sources);
    }

    /** Sets {@code ours} from the first of {@code theirs} that holds a value, unless it is set already. */
    private void take(String ours, String... theirs) {
        for (String name : theirs) {
            put(ours, present(traits.get(name)), name);
        }
    }

    private void put(String ours, JsonNode value, String theirs) {
        if (value == null || out.has(ours)) {
            return;
        }
        out.set(ours, value);
        sources.put("traits." + ours, from + "." + theirs);
    }

    /** Employee counts: a whole number, or a string of digits; anything else ("50-100") is left out. */
    private void wholeNumber(String ours, JsonNode value, String theirs) {
        Integer n = null;
        if (value != null && value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0) {
            n = value.intValue();
        } else if (value != null && value.isTextual() && value.textValue().matches("[0-9]{1,9}")) {
            n = Integer.parseInt(value.textValue());
        }
        if (n != null) {
            put(ours, IntNode.valueOf(n), theirs);
        }
    }

    /** A trait value worth mapping: not absent, null or an empty string. */
    private static JsonNode present(JsonNode value) {
        if (value == null || value.isNull() || value.isTextual() && value.textValue().isBlank()) {
            return null;
        }
        return value;
    }

    /** First name and the rest (null when there is none) of a {@code name} trait. */
    private static String[] splitName(JsonNode name) {
        if (name == null || !name.isTextual() || name.textValue().isBlank()) {
            return null;
        }
        String n = name.textValue().strip();
        int space = n.indexOf(' ');
        return space < 0 ? new String[] {n, null} : new String[] {n.substring(0, space), n.substring(space + 1).strip()};
    }
}
