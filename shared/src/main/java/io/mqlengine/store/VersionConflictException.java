package io.mqlengine.store;

/** A conditional write found the lead changed since it was read; the caller re-reads and retries. */
public final class VersionConflictException extends RuntimeException {
    private final LeadKey key;

    public VersionConflictException(LeadKey key, String detail) {
        super("lead " + key + " changed since it was read: " + detail);
        this.key = key;
    }

    public LeadKey key() {
        return key;
    }
}
