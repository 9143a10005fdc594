package io.mqlengine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Our ids for a Segment message's ids. Segment allows any string (a messageId of up to 100 characters, an
 * anonymousId such as an email); ours are at most 64 characters of {@code [A-Za-z0-9._:-]}. An id that fits is
 * kept; one that does not is replaced by a hash of it, the same on every delivery, so that a retried message is
 * still recognised as the same event and a person's events still meet in one lead.
 */
final class SegmentIds {
    private static final HexFormat HEX = HexFormat.of();

    private SegmentIds() {
    }

    /** The eventId for a messageId: itself when it fits, else {@code m-} and 32 hex digits of SHA-256. */
    static String eventId(String messageId) {
        return fits(messageId) ? messageId : "m-" + hash("message:" + messageId);
    }

    /** The anonymousId for one of Segment's: itself when it fits, else {@code a-} and 32 hex digits of SHA-256. */
    static String anonymousId(String anonymousId) {
        return fits(anonymousId) ? anonymousId : "a-" + hash("anonymous:" + anonymousId);
    }

    /**
     * The eventId of a message without a messageId: {@code c-} and a hash of its content, less the fields a
     * retry changes ({@code sentAt}, {@code _metadata}) and the write key.
     */
    static String contentId(ObjectNode message) {
        ObjectNode content = message.deepCopy();
        content.remove(Arrays.asList("sentAt", "_metadata", "writeKey"));
        return "c-" + hash("content:" + content);
    }

    static boolean fits(String id) {
        return TextFields.ID.matcher(id).matches();
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** A message's id as text: a string, or a whole number (older SDKs send numeric user ids); else null. */
    static String text(JsonNode id) {
        if (id == null) {
            return null;
        }
        if (id.isTextual()) {
            return id.textValue().isEmpty() ? null : id.textValue();
        }
        return id.isIntegralNumber() ? id.asText() : null;
    }
}
