package io.mqlengine.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The write key from an {@code Authorization} header, as Segment's clients send it: HTTP Basic with the write key
 * as the username and an empty password.
 */
final class BasicAuth {

    private BasicAuth() {
    }

    /** A header that is not HTTP Basic credentials. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** The username of {@code header}, or null when there is no header or its username is empty. */
    static String writeKey(String header) throws Malformed {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            throw new Malformed("the Authorization header must be HTTP Basic, with the write key as the username");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(space + 1).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Malformed("the Authorization header's Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        return user.isEmpty() ? null : user;
    }
}
