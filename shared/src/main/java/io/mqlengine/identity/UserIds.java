package io.mqlengine.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Leads of events that carry a {@code userId} and no {@code anonymousId} (server-side SDKs): the lead is
 * keyed by an anonymous id derived from the user id, so that all of that user's events meet in one lead, and an
 * identify with an email merges it into the lead as any anonymous lead is merged.
 */
public final class UserIds {
    /** Every derived id starts with this; a browser's anonymous id (a UUID) never does. */
    public static final String PREFIX = "u-";

    private UserIds() {
    }

    /** {@code u-} and 26 characters of lower-case base32: the first 130 bits of SHA-256 of the user id. */
    public static String anonymousIdFor(String userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("user:" + userId).getBytes(StandardCharsets.UTF_8));
            return PREFIX + LeadIds.base32(Arrays.copyOf(digest, 17)).substring(0, 26).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
