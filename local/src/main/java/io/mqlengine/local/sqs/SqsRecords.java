package io.mqlengine.local.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mqlengine.local.template.Intrinsics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Builds the SQSEvent Lambda would deliver for a batch of received messages. */
final class SqsRecords {
  private static final Set<String> ATTRIBUTES = Set.of("ApproximateReceiveCount", "SentTimestamp", "SenderId",
      "ApproximateFirstReceiveTimestamp", "SequenceNumber", "MessageGroupId", "MessageDeduplicationId", "AWSTraceHeader",
      "DeadLetterQueueSourceArn");

  private SqsRecords() {}

  static SQSEvent event(List<Message> messages, String queueArn) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
      r.setMessageId(m.messageId());
      r.setReceiptHandle(m.receiptHandle());
      r.setBody(m.body());
      r.setMd5OfBody(m.md5OfBody());
      r.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
      r.setEventSource("aws:sqs");
      r.setEventSourceArn(queueArn);
      r.setAwsRegion(Intrinsics.REGION);
      Map<String, String> attributes = new LinkedHashMap<>();
      m.attributesAsStrings().forEach((k, v) -> {
        if (ATTRIBUTES.contains(k)) {
          attributes.put(k, v);
        }
      });
      r.setAttributes(attributes);
      Map<String, SQSEvent.MessageAttribute> messageAttributes = new LinkedHashMap<>();
      m.messageAttributes().forEach((name, value) -> messageAttributes.put(name, attribute(value)));
      r.setMessageAttributes(messageAttributes);
      records.add(r);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
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
}
