package io.mqlengine.store;

/** A conditional write found the profile changed since it was read; the caller re-reads and retries. */
public final class VersionConflictException extends RuntimeException {
    private final ProfileKey key;

    public VersionConflictException(ProfileKey key, String detail) {
        super("profile " + key + " changed since it was read: " + detail);
        this.key = key;
    }

    public ProfileKey key() {
        return key;
    }
}
