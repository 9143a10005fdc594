package io.mqlengine.it;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.mqlengine.testing.TemplateResources;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Builds the events Lambda would deliver: from the samples in events/, or from what the emulators hold. */
final class LambdaEvents {

    private LambdaEvents() {
    }

    static Path sample(String name) {
        return TemplateResources.repositoryRoot().resolve("events").resolve(name);
    }

    static APIGatewayV2HTTPEvent http(String sample) {
        return EventLoader.loadApiGatewayHttpEvent(sample(sample).toString());
    }

    /** An HTTP API request like the sample {@code ingest/valid-batch.json}, with another body and headers. */
    static APIGatewayV2HTTPEvent http(String body, String contentType, String origin) {
        APIGatewayV2HTTPEvent e = http("ingest/valid-batch.json");
        Map<String, String> headers = new HashMap<>(e.getHeaders());
        headers.put("content-type", contentType);
        if (origin == null) {
            headers.remove("origin");
        } else {
            headers.put("origin", origin);
        }
        headers.put("content-length", String.valueOf(body.length()));
        e.setHeaders(headers);
        e.setBody(body);
        e.setIsBase64Encoded(false);
        return e;
    }

    /** The SQS event Lambda's poller would build from received messages. */
    static SQSEvent sqs(List<Message> messages, String queueArn) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            r.setAttributes(attributes);
            r.setMessageAttributes(Map.of());
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(queueArn);
            r.setAwsRegion("us-east-1");
            records.add(r);
        }
        SQSEvent e = new SQSEvent();
        e.setRecords(records);
        return e;
    }

    static int receiveCount(Message m) {
        return Integer.parseInt(m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
    }

    /** A stream record as Lambda's DynamoDB event source delivers it. */
    static DynamodbEvent.DynamodbStreamRecord stream(Record r, String streamArn) {
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(r.eventID());
        out.setEventName(r.eventNameAsString());
        out.setEventVersion(r.eventVersion());
        out.setEventSource("aws:dynamodb");
        out.setAwsRegion("us-east-1");
        out.setEventSourceARN(streamArn);
        StreamRecord d = new StreamRecord();
        d.setKeys(toLambda(r.dynamodb().keys()));
        if (r.dynamodb().hasNewImage()) {
            d.setNewImage(toLambda(r.dynamodb().newImage()));
        }
        if (r.dynamodb().hasOldImage()) {
            d.setOldImage(toLambda(r.dynamodb().oldImage()));
        }
        d.setSequenceNumber(r.dynamodb().sequenceNumber());
        d.setSizeBytes(r.dynamodb().sizeBytes());
        d.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(r.dynamodb().streamViewTypeAsString()));
        if (r.dynamodb().approximateCreationDateTime() != null) {
            d.setApproximateCreationDateTime(Date.from(r.dynamodb().approximateCreationDateTime()));
        }
        out.setDynamodb(d);
        if (r.userIdentity() != null) {
            out.setUserIdentity(new Identity().withType(r.userIdentity().type()).withPrincipalId(r.userIdentity().principalId()));
        }
        return out;
    }

    static Map<String, AttributeValue> toLambda(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> m) {
        Map<String, AttributeValue> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, toLambda(v)));
        return out;
    }

    static AttributeValue toLambda(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        AttributeValue a = new AttributeValue();
        switch (v.type()) {
            case S -> a.setS(v.s());
            case N -> a.setN(v.n());
            case B -> a.setB(ByteBuffer.wrap(v.b().asByteArray()));
            case BOOL -> a.setBOOL(v.bool());
            case NUL -> a.setNULL(true);
            case M -> a.setM(toLambda(v.m()));
            case L -> a.setL(v.l().stream().map(LambdaEvents::toLambda).toList());
            case SS -> a.setSS(v.ss());
            case NS -> a.setNS(v.ns());
            case BS -> a.setBS(v.bs().stream().map(b -> ByteBuffer.wrap(b.asByteArray())).toList());
            default -> throw new IllegalArgumentException("unknown attribute type " + v.type());
        }
        return a;
    }
}
