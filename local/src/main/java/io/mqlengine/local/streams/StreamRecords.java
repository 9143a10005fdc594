package io.mqlengine.local.streams;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.local.template.Intrinsics;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** Converts DynamoDB Streams records into the DynamodbEvent Lambda delivers, and into the JSON filters see. */
final class StreamRecords {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StreamRecords() {}

  static DynamodbEvent event(List<Record> records, String streamArn, List<Boolean> byTtl) {
    List<DynamodbEvent.DynamodbStreamRecord> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      Record r = records.get(i);
      DynamodbEvent.DynamodbStreamRecord e = new DynamodbEvent.DynamodbStreamRecord();
      e.setEventID(r.eventID());
      e.setEventName(r.eventNameAsString());
      e.setEventVersion(r.eventVersion() == null ? "1.1" : r.eventVersion());
      e.setEventSource("aws:dynamodb");
      e.setAwsRegion(Intrinsics.REGION);
      e.setEventSourceARN(streamArn);
      StreamRecord s = new StreamRecord();
      software.amazon.awssdk.services.dynamodb.model.StreamRecord d = r.dynamodb();
      if (d.approximateCreationDateTime() != null) {
        s.setApproximateCreationDateTime(Date.from(d.approximateCreationDateTime()));
      }
      s.setKeys(lambda(d.keys()));
      if (d.hasNewImage()) {
        s.setNewImage(lambda(d.newImage()));
      }
      if (d.hasOldImage()) {
        s.setOldImage(lambda(d.oldImage()));
      }
      s.setSequenceNumber(d.sequenceNumber());
      s.setSizeBytes(d.sizeBytes());
      s.setStreamViewType(StreamViewType.fromValue(d.streamViewTypeAsString()));
      e.setDynamodb(s);
      if (byTtl.get(i)) {
        Identity identity = new Identity();
        identity.setType("Service");
        identity.setPrincipalId("dynamodb.amazonaws.com");
        e.setUserIdentity(identity);
      }
      out.add(e);
    }
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(out);
    return event;
  }

  /** The record as Lambda event filtering sees it (attribute values in DynamoDB JSON, N as strings). */
  static ObjectNode json(Record r, String streamArn, boolean byTtl) {
    ObjectNode out = NODES.objectNode();
    out.put("eventID", r.eventID());
    out.put("eventName", r.eventNameAsString());
    out.put("eventVersion", r.eventVersion() == null ? "1.1" : r.eventVersion());
    out.put("eventSource", "aws:dynamodb");
    out.put("awsRegion", Intrinsics.REGION);
    software.amazon.awssdk.services.dynamodb.model.StreamRecord d = r.dynamodb();
    ObjectNode dynamodb = out.putObject("dynamodb");
    if (d.approximateCreationDateTime() != null) {
      dynamodb.put("ApproximateCreationDateTime", d.approximateCreationDateTime().getEpochSecond());
    }
    dynamodb.set("Keys", json(d.keys()));
    if (d.hasNewImage()) {
      dynamodb.set("NewImage", json(d.newImage()));
    }
    if (d.hasOldImage()) {
      dynamodb.set("OldImage", json(d.oldImage()));
    }
    dynamodb.put("SequenceNumber", d.sequenceNumber());
    dynamodb.put("SizeBytes", d.sizeBytes());
    dynamodb.put("StreamViewType", d.streamViewTypeAsString());
    out.put("eventSourceARN", streamArn);
    if (byTtl) {
      out.putObject("userIdentity").put("type", "Service").put("principalId", "dynamodb.amazonaws.com");
    }
    return out;
  }

  private static ObjectNode json(Map<String, AttributeValue> item) {
    ObjectNode out = NODES.objectNode();
    item.forEach((k, v) -> out.set(k, json(v)));
    return out;
  }

  private static JsonNode json(AttributeValue v) {
    ObjectNode out = NODES.objectNode();
    switch (v.type()) {
      case S -> out.put("S", v.s());
      case N -> out.put("N", v.n());
      case B -> out.put("B", base64(v.b()));
      case BOOL -> out.put("BOOL", v.bool());
      case NUL -> out.put("NULL", true);
      case SS -> strings(out.putArray("SS"), v.ss());
      case NS -> strings(out.putArray("NS"), v.ns());
      case BS -> v.bs().forEach(b -> out.withArray("BS").add(base64(b)));
      case M -> out.set("M", json(v.m()));
      case L -> v.l().forEach(e -> out.withArray("L").add(json(e)));
      default -> { }
    }
    return out;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArray());
  }

  static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> lambda(
      Map<String, AttributeValue> item) {
    Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out = new LinkedHashMap<>();
    item.forEach((k, v) -> out.put(k, lambda(v)));
    return out;
  }

  private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue lambda(AttributeValue v) {
    var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
    switch (v.type()) {
      case S -> out.setS(v.s());
      case N -> out.setN(v.n());
      case B -> out.setB(v.b().asByteBuffer());
      case BOOL -> out.setBOOL(v.bool());
      case NUL -> out.setNULL(true);
      case SS -> out.setSS(new ArrayList<>(v.ss()));
      case NS -> out.setNS(new ArrayList<>(v.ns()));
      case BS -> out.setBS(v.bs().stream().map(SdkBytes::asByteBuffer).toList());
      case M -> out.setM(lambda(v.m()));
      case L -> out.setL(v.l().stream().map(StreamRecords::lambda).toList());
      default -> { }
    }
    return out;
  }
}
