package io.mqlengine.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SQS consumer that reports a malformed batch item failure for a body naming one: "null-id" (a null
 * itemIdentifier), "empty-id" (an empty one), "foreign-id" (the id of no message in the batch). Other bodies
 * succeed.
 */
public final class MalformedFailuresHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public MalformedFailuresHandler(Map<String, String> env, Clock clock) {
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            switch (m.getBody()) {
                case "null-id" -> failures.add(new SQSBatchResponse.BatchItemFailure(null));
                case "empty-id" -> failures.add(new SQSBatchResponse.BatchItemFailure(""));
                case "foreign-id" -> failures.add(new SQSBatchResponse.BatchItemFailure("no-such-message-id"));
                default -> { }
            }
        }
        return new SQSBatchResponse(failures);
    }
}
