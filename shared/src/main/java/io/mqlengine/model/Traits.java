package io.mqlengine.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Identify traits the engine understands; any of them may be null when the person never told us. */
public record Traits(String email, String firstName, String lastName, String title, String company,
                     Integer companySize, String industry, String country) {

    public static final Traits NONE = new Traits(null, null, null, null, null, null, null, null);

    /** Traits of {@code newer} win where they are set; ours fill the gaps. */
    public Traits overlay(Traits newer) {
        return new Traits(
                pick(newer.email, email), pick(newer.firstName, firstName), pick(newer.lastName, lastName),
                pick(newer.title, title), pick(newer.company, company), pick(newer.companySize, companySize),
                pick(newer.industry, industry), pick(newer.country, country));
    }

    /** Trait values by wire name, nulls left out. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "email", email);
        put(m, "firstName", firstName);
        put(m, "lastName", lastName);
        put(m, "title", title);
        put(m, "company", company);
        put(m, "companySize", companySize);
        put(m, "industry", industry);
        put(m, "country", country);
        return m;
    }

    public String displayName() {
        if (firstName == null && lastName == null) {
            return null;
        }
        return ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
