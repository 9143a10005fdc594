package io.mqlengine.local.sqs;

import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The size of a message as one record of the JSON event Lambda's SQS poller invokes a function with, so that a
 * mapping can stop a batch before the event would pass Lambda's 6 MB invocation payload limit, as Lambda's does.
 */
public final class LambdaPayload {
    /** Lambda's limit on a synchronous invocation's request payload: 6 MB (6,291,456 bytes). */
    public static final long MAX_BYTES = 6L * 1024 * 1024;
    /** {@code {"Records":[]}} around the records. */
    static final long EVENT_BYTES = 14;
    /** The record's field names, quotes, colons and commas, its eventSource value, and the comma between records. */
    private static final long RECORD_FRAME_BYTES = 190;

    private LambdaPayload() {
    }

    /** The bytes the message takes in the event: its JSON record and the comma that separates it from the next. */
    public static long recordBytes(Message m, String queueArn, String region) {
        long n = RECORD_FRAME_BYTES + json(m.messageId()) + json(m.receiptHandle()) + json(m.body()) + json(m.md5OfBody())
                + json(m.md5OfMessageAttributes()) + json(queueArn) + json(region);
        for (Map.Entry<String, String> a : m.attributesAsStrings().entrySet()) {
            n += json(a.getKey()) + json(a.getValue()) + 2;
        }
        for (Map.Entry<String, MessageAttributeValue> a : m.messageAttributes().entrySet()) {
            MessageAttributeValue v = a.getValue();
            // {"stringValue":..,"binaryValue":..,"stringListValues":[],"binaryListValues":[],"dataType":..}
            n += json(a.getKey()) + 90 + json(v.stringValue()) + json(v.dataType())
                    + (v.binaryValue() == null ? 0 : (v.binaryValue().asByteArray().length + 2) / 3 * 4 + 2);
        }
        return n;
    }

    /** The UTF-8 bytes of {@code s} as a JSON string, quotes and escapes included (4 for null). */
    static long json(String s) {
        if (s == null) {
            return 4;
        }
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                n += 2;
            } else if (c < 0x20) {
                n += 6;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
