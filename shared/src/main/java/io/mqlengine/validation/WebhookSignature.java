package io.mqlengine.validation;

import io.mqlengine.identity.Hmac;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature of a call to the outcomes webhook. The sender puts the Unix time in seconds in
 * {@value #TIMESTAMP_HEADER} and {@code v1=} followed by the hex HMAC-SHA256 of {@code <timestamp>.<raw body>},
 * under the deployment's outcomes secret, in {@value #SIGNATURE_HEADER}. A call signed more than
 * {@link #TOLERANCE} before or after the server's clock is refused, so a captured call cannot be replayed later;
 * the outcome id makes a replay within the window change nothing.
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-MQL-Timestamp";
    public static final String SIGNATURE_HEADER = "X-MQL-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String VERSION = "v1=";

    private final Hmac hmac;

    public WebhookSignature(String secret) {
        this.hmac = new Hmac(secret);
    }

    /** The {@value #SIGNATURE_HEADER} value for {@code body} signed at {@code epochSeconds}. */
    public String sign(long epochSeconds, byte[] body) {
        return VERSION + HexFormat.of().formatHex(hmac.sign(signed(String.valueOf(epochSeconds), body)));
    }

    /**
     * Null when the headers sign {@code body} within the tolerance of {@code now}; otherwise why not, in words a
     * sender can act on (the 401's message). The signature is checked before the time, so that an unsigned caller
     * learns nothing about the clock.
     */
    public String problem(String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            return "the " + TIMESTAMP_HEADER + " and " + SIGNATURE_HEADER + " headers are required";
        }
        if (!timestamp.matches("[0-9]{1,12}")) {
            return TIMESTAMP_HEADER + " must be the Unix time in seconds";
        }
        if (!signature.startsWith(VERSION)
                || !hmac.verifyHex(signed(timestamp, body), signature.substring(VERSION.length()))) {
            return SIGNATURE_HEADER + " is not v1= and the HMAC-SHA256 of the timestamp, '.' and the body";
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(Long.parseLong(timestamp)), now).abs();
        if (skew.compareTo(TOLERANCE) > 0) {
            return TIMESTAMP_HEADER + " is more than " + TOLERANCE + " from the server's clock";
        }
        return null;
    }

    private static byte[] signed(String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }
}
