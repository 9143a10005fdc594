package io.mqlengine.identity;

import io.mqlengine.model.Emails;
import java.util.Arrays;
import java.util.Locale;

/**
 * Lead ids: a keyed hash of the normalised email, so that ids, keys and log lines never reveal an
 * email, and nobody without the deployment secret can compute one from an address.
 */
public final class LeadIds {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private final Hmac hmac;

    public LeadIds(String secret) {
        this.hmac = new Hmac(secret);
    }

    /** 26 characters of lower-case base32: the first 130 bits of HMAC-SHA256(secret, normalise(email)). */
    public String forEmail(String email) {
        byte[] digest = Arrays.copyOf(hmac.sign("lead:" + Emails.normalise(email)), 17);
        return base32(digest).substring(0, 26).toLowerCase(Locale.ROOT);
    }

    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
