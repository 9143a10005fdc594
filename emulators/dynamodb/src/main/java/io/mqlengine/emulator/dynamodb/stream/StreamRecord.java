package io.mqlengine.emulator.dynamodb.stream;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.time.Instant;
import java.util.Map;

/**
 * One change of one item as DynamoDB Streams reports it. {@code newImage} and {@code oldImage} are the
 * whole items (null where there is none); what a reader sees of them depends on the stream's view type.
 * {@code wallMillis} is the host time of the change, which retention counts from.
 */
public record StreamRecord(long sequence, String eventId, String eventName, Instant created, long wallMillis,
                           Map<String, Value> keys, Map<String, Value> newImage, Map<String, Value> oldImage,
                           boolean byTtl) {

    /** INSERT, MODIFY or REMOVE for a change from {@code before} to {@code after}. */
    public static String eventName(Map<String, Value> before, Map<String, Value> after) {
        return before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY";
    }
}
