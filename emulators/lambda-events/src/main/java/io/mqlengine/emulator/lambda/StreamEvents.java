package io.mqlengine.emulator.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Converts DynamoDB Streams records into the DynamodbEvent Lambda delivers, and into the JSON its event
 * filters see. A record's userIdentity is the one the stream carries (TTL deletions name the DynamoDB
 * service); a caller whose stream does not carry it can say which records a TTL deletion made.
 */
public final class StreamEvents {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String TTL_TYPE = "Service";
    private static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";
    private static final String DEFAULT_EVENT_VERSION = "1.1";

    private StreamEvents() {
    }

    /** The event for a batch, each record's userIdentity taken from the record. */
    public static DynamodbEvent event(List<Record> records, String streamArn, String region) {
        return event(records, streamArn, region, r -> false);
    }

    /** The event for a batch; records {@code deletedByTtl} accepts get the TTL identity if they carry none. */
    public static DynamodbEvent event(List<Record> records, String streamArn, String region,
                                      Predicate<Record> deletedByTtl) {
        List<DynamodbEvent.DynamodbStreamRecord> out = new ArrayList<>();
        for (Record r : records) {
            out.add(record(r, streamArn, region, deletedByTtl.test(r)));
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(out);
        return event;
    }

    /** One record as Lambda's DynamoDB event source delivers it. */
    public static DynamodbEvent.DynamodbStreamRecord record(Record r, String streamArn, String region,
                                                            boolean deletedByTtl) {
        DynamodbEvent.DynamodbStreamRecord e = new DynamodbEvent.DynamodbStreamRecord();
        e.setEventID(r.eventID());
        e.setEventName(r.eventNameAsString());
        e.setEventVersion(eventVersion(r));
        e.setEventSource("aws:dynamodb");
        e.setAwsRegion(region);
        e.setEventSourceARN(streamArn);
        StreamRecord s = new StreamRecord();
        software.amazon.awssdk.services.dynamodb.model.StreamRecord d = r.dynamodb();
        if (d.approximateCreationDateTime() != null) {
            s.setApproximateCreationDateTime(Date.from(d.approximateCreationDateTime()));
        }
        s.setKeys(AttributeValues.lambda(d.keys()));
        if (d.hasNewImage()) {
            s.setNewImage(AttributeValues.lambda(d.newImage()));
        }
        if (d.hasOldImage()) {
            s.setOldImage(AttributeValues.lambda(d.oldImage()));
        }
        s.setSequenceNumber(d.sequenceNumber());
        s.setSizeBytes(d.sizeBytes());
        s.setStreamViewType(StreamViewType.fromValue(d.streamViewTypeAsString()));
        e.setDynamodb(s);
        if (r.userIdentity() != null) {
            e.setUserIdentity(new Identity().withType(r.userIdentity().type())
                    .withPrincipalId(r.userIdentity().principalId()));
        } else if (deletedByTtl) {
            e.setUserIdentity(new Identity().withType(TTL_TYPE).withPrincipalId(TTL_PRINCIPAL));
        }
        return e;
    }

    /** The record as Lambda event filtering sees it, userIdentity taken from the record. */
    public static ObjectNode filterJson(Record r, String streamArn, String region) {
        return filterJson(r, streamArn, region, false);
    }

    /**
     * The record as Lambda event filtering sees it: attribute values in DynamoDB JSON (so N values are
     * strings and numeric matching does not apply to them), ApproximateCreationDateTime in epoch seconds.
     */
    public static ObjectNode filterJson(Record r, String streamArn, String region, boolean deletedByTtl) {
        return filterJson(r, streamArn, region, deletedByTtl, FilterFields.ALL);
    }

    /**
     * The record as {@link #filterJson(Record, String, String, boolean)} gives it, with only the attributes of Keys,
     * NewImage and OldImage that {@code read} names (all of an image a pattern reads whole): the same match for
     * the patterns {@code read} was made from, without converting the attributes no pattern looks at.
     */
    public static ObjectNode filterJson(Record r, String streamArn, String region, boolean deletedByTtl,
                                        FilterFields read) {
        FilterFields images = read.in("dynamodb");
        ObjectNode out = NODES.objectNode();
        out.put("eventID", r.eventID());
        out.put("eventName", r.eventNameAsString());
        out.put("eventVersion", eventVersion(r));
        out.put("eventSource", "aws:dynamodb");
        out.put("awsRegion", region);
        software.amazon.awssdk.services.dynamodb.model.StreamRecord d = r.dynamodb();
        ObjectNode dynamodb = out.putObject("dynamodb");
        if (d.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", d.approximateCreationDateTime().getEpochSecond());
        }
        if (images.reads("Keys")) {
            dynamodb.set("Keys", AttributeValues.json(d.keys(), images.in("Keys")));
        }
        if (d.hasNewImage() && images.reads("NewImage")) {
            dynamodb.set("NewImage", AttributeValues.json(d.newImage(), images.in("NewImage")));
        }
        if (d.hasOldImage() && images.reads("OldImage")) {
            dynamodb.set("OldImage", AttributeValues.json(d.oldImage(), images.in("OldImage")));
        }
        dynamodb.put("SequenceNumber", d.sequenceNumber());
        dynamodb.put("SizeBytes", d.sizeBytes());
        dynamodb.put("StreamViewType", d.streamViewTypeAsString());
        out.put("eventSourceARN", streamArn);
        if (r.userIdentity() != null) {
            out.putObject("userIdentity").put("type", r.userIdentity().type())
                    .put("principalId", r.userIdentity().principalId());
        } else if (deletedByTtl) {
            out.putObject("userIdentity").put("type", TTL_TYPE).put("principalId", TTL_PRINCIPAL);
        }
        return out;
    }

    private static String eventVersion(Record r) {
        return r.eventVersion() == null ? DEFAULT_EVENT_VERSION : r.eventVersion();
    }
}
