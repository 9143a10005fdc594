package io.mqlengine.model;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email normalisation: the one form used for lead ids, signatures and domain classes. */
public final class Emails {
    private static final Pattern PLAUSIBLE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    private Emails() {
    }

    /** Trimmed, Unicode NFC, lower-cased (locale-independent). */
    public static String normalise(String email) {
        return Normalizer.normalize(email.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** A light syntax check: one '@', a dotted domain, no spaces, at most 254 characters. */
    public static boolean isPlausible(String email) {
        String n = normalise(email);
        return n.length() <= 254 && PLAUSIBLE.matcher(n).matches();
    }

    /** Domain part of a normalised email. */
    public static String domain(String normalisedEmail) {
        return normalisedEmail.substring(normalisedEmail.lastIndexOf('@') + 1);
    }
}
