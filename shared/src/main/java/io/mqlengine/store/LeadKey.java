package io.mqlengine.store;

/** The key of a stored lead: a known lead ({@code LEAD#id}) or an anonymous visitor ({@code ANON#id}). */
public record LeadKey(boolean anonymous, String id) {

    public static LeadKey lead(String leadId) {
        return new LeadKey(false, leadId);
    }

    public static LeadKey anonymous(String anonymousId) {
        return new LeadKey(true, anonymousId);
    }

    /** The table's partition key value. */
    public String pk() {
        return (anonymous ? "ANON#" : "LEAD#") + id;
    }

    public static LeadKey fromPk(String pk) {
        if (pk.startsWith("LEAD#")) {
            return lead(pk.substring(5));
        }
        if (pk.startsWith("ANON#")) {
            return anonymous(pk.substring(5));
        }
        throw new IllegalArgumentException("not a lead key: " + pk);
    }

    @Override
    public String toString() {
        return pk();
    }
}
