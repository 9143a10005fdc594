package io.mqlengine.local.streams;

import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.QueuePlan;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends Lambda's on-failure record for a stream batch that was given up on, or logs the discard. */
final class OnFailureDestination {
    private final Optional<QueuePlan> queue;
    private final SqsClient sqs;
    private final String functionArn;
    private final String functionId;
    private final Clock clock;
    private final JsonLines log;

    OnFailureDestination(Optional<QueuePlan> queue, SqsClient sqs, String functionArn, String functionId, Clock clock,
            JsonLines log) {
        this.queue = queue;
        this.sqs = sqs;
        this.functionArn = functionArn;
        this.functionId = functionId;
        this.clock = clock;
        this.log = log;
    }

    void send(List<Record> records, String shardId, String streamArn, String condition, int invokeCount,
            String requestId, boolean functionError) {
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("requestId", requestId == null ? UUID.randomUUID().toString() : requestId);
        requestContext.put("functionArn", functionArn);
        requestContext.put("condition", condition);
        requestContext.put("approximateInvokeCount", invokeCount);
        Map<String, Object> responseContext = new LinkedHashMap<>();
        responseContext.put("statusCode", 200);
        responseContext.put("executedVersion", "$LATEST");
        if (functionError) {
            responseContext.put("functionError", "Unhandled");
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("shardId", shardId);
        info.put("startSequenceNumber", records.get(0).dynamodb().sequenceNumber());
        info.put("endSequenceNumber", records.get(records.size() - 1).dynamodb().sequenceNumber());
        info.put("approximateArrivalOfFirstRecord", arrival(records.get(0)));
        info.put("approximateArrivalOfLastRecord", arrival(records.get(records.size() - 1)));
        info.put("batchSize", records.size());
        info.put("streamArn", streamArn);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestContext", requestContext);
        body.put("responseContext", responseContext);
        body.put("version", "1.0");
        body.put("timestamp", clock.instant().toString());
        body.put("DDBStreamBatchInfo", info);
        String json = JsonLines.json(body);
        queue.ifPresent(q -> sqs.sendMessage(b -> {
            b.queueUrl(q.url()).messageBody(json);
            if (q.fifo()) {
                b.messageGroupId(shardId).messageDeduplicationId(String.valueOf(requestContext.get("requestId")));
            }
        }));
        log.emit("event", "stream-batch-discarded", "function", functionId, "condition", condition, "records", records.size(),
                "destination", queue.map(QueuePlan::logicalId).orElse(null));
    }

    private static String arrival(Record r) {
        Instant at = r.dynamodb().approximateCreationDateTime();
        return at == null ? null : at.toString();
    }
}
