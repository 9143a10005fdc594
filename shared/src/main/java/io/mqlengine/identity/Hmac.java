package io.mqlengine.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with a deployment secret, and a constant-time comparison of hex signatures. */
public final class Hmac {
    private final SecretKeySpec key;

    public Hmac(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("HMAC secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public byte[] sign(String message) {
        return sign(message.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] sign(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public String signHex(String message) {
        return HexFormat.of().formatHex(sign(message));
    }

    /** True when {@code hex} is the signature of {@code message}; time does not depend on where they differ. */
    public boolean verifyHex(String message, String hex) {
        return verifyHex(message.getBytes(StandardCharsets.UTF_8), hex);
    }

    /** {@link #verifyHex(String, String)} over bytes. */
    public boolean verifyHex(byte[] message, String hex) {
        if (hex == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(message), given);
    }
}
