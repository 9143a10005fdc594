package io.mqlengine.emulator.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Builds the SQSEvent Lambda's poller delivers for a batch of received messages, and the JSON its filters see. */
public final class SqsEvents {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectReader BODY = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).reader();
    /** The system attributes Lambda passes on; anything else a receive returns is left out. */
    private static final Set<String> ATTRIBUTES = Set.of("ApproximateReceiveCount", "SentTimestamp", "SenderId",
            "ApproximateFirstReceiveTimestamp", "SequenceNumber", "MessageGroupId", "MessageDeduplicationId",
            "AWSTraceHeader", "DeadLetterQueueSourceArn");

    private SqsEvents() {
    }

    /** The event for a batch of messages received from the queue {@code queueArn}. */
    public static SQSEvent event(List<Message> messages, String queueArn, String region) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            records.add(record(m, queueArn, region));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** One message as Lambda delivers it. */
    public static SQSEvent.SQSMessage record(Message m, String queueArn, String region) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(m.messageId());
        r.setReceiptHandle(m.receiptHandle());
        r.setBody(m.body());
        r.setMd5OfBody(m.md5OfBody());
        r.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
        r.setEventSource("aws:sqs");
        r.setEventSourceArn(queueArn);
        r.setAwsRegion(region);
        r.setAttributes(attributes(m));
        Map<String, SQSEvent.MessageAttribute> messageAttributes = new LinkedHashMap<>();
        m.messageAttributes().forEach((name, value) -> messageAttributes.put(name, attribute(value)));
        r.setMessageAttributes(messageAttributes);
        return r;
    }

    /**
     * The message as Lambda event filtering sees it: the record's fields, with a body that is a JSON object
     * parsed (so {@code {"body": {"k": [...]}}} reaches into it) and any other body kept as a string (so only
     * {@code {"body": [...]}} patterns can match it).
     */
    public static ObjectNode filterJson(Message m, String queueArn, String region) {
        ObjectNode out = NODES.objectNode();
        out.put("messageId", m.messageId());
        out.put("receiptHandle", m.receiptHandle());
        out.set("body", body(m.body()));
        ObjectNode attributes = out.putObject("attributes");
        attributes(m).forEach(attributes::put);
        ObjectNode messageAttributes = out.putObject("messageAttributes");
        m.messageAttributes().forEach((name, value) -> messageAttributes.set(name, json(value)));
        out.put("md5OfBody", m.md5OfBody());
        out.put("eventSource", "aws:sqs");
        out.put("eventSourceARN", queueArn);
        out.put("awsRegion", region);
        return out;
    }

    private static Map<String, String> attributes(Message m) {
        Map<String, String> attributes = new LinkedHashMap<>();
        m.attributesAsStrings().forEach((k, v) -> {
            if (ATTRIBUTES.contains(k)) {
                attributes.put(k, v);
            }
        });
        return attributes;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
        a.setDataType(value.dataType());
        a.setStringValue(value.stringValue());
        a.setBinaryValue(value.binaryValue() == null ? null : value.binaryValue().asByteBuffer());
        a.setStringListValues(new ArrayList<>(value.stringListValues()));
        a.setBinaryListValues(new ArrayList<>());
        return a;
    }

    private static ObjectNode json(MessageAttributeValue value) {
        ObjectNode out = NODES.objectNode();
        if (value.stringValue() != null) {
            out.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            out.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
        }
        value.stringListValues().forEach(out.putArray("stringListValues")::add);
        out.putArray("binaryListValues");
        out.put("dataType", value.dataType());
        return out;
    }

    private static JsonNode body(String body) {
        if (body == null) {
            return NODES.nullNode();
        }
        try {
            JsonNode parsed = BODY.readTree(body);
            return parsed != null && parsed.isObject() ? parsed : NODES.textNode(body);
        } catch (JsonProcessingException e) {
            return NODES.textNode(body);
        }
    }
}
