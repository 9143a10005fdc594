package io.mqlengine.store;

/** The key of a stored profile: a known lead ({@code LEAD#id}) or an anonymous visitor ({@code ANON#id}). */
public record ProfileKey(boolean anonymous, String id) {

    public static ProfileKey lead(String leadId) {
        return new ProfileKey(false, leadId);
    }

    public static ProfileKey anonymous(String anonymousId) {
        return new ProfileKey(true, anonymousId);
    }

    /** The table's partition key value. */
    public String pk() {
        return (anonymous ? "ANON#" : "LEAD#") + id;
    }

    public static ProfileKey fromPk(String pk) {
        if (pk.startsWith("LEAD#")) {
            return lead(pk.substring(5));
        }
        if (pk.startsWith("ANON#")) {
            return anonymous(pk.substring(5));
        }
        throw new IllegalArgumentException("not a profile key: " + pk);
    }

    @Override
    public String toString() {
        return pk();
    }
}
