package io.mqlengine.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQS consumer: bodies starting with "fail" are reported as batch item failures, "throw" throws. */
public final class BatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public BatchHandler(Map<String, String> env, Clock clock) {
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            if (!"aws:sqs".equals(m.getEventSource()) || m.getAttributes().get("ApproximateReceiveCount") == null) {
                throw new IllegalStateException("not shaped like Lambda's SQS event: " + m);
            }
            if (m.getBody().startsWith("throw")) {
                throw new IllegalStateException("asked to throw");
            }
            if (m.getBody().startsWith("fail")) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
