package io.mqlengine.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stream consumer that reports a malformed batch item failure for an item whose "mode" names one: "null-id"
 * (a null itemIdentifier) or "empty-id" (an empty one). Other records succeed.
 */
public final class MalformedStreamFailuresHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    public MalformedStreamFailuresHandler(Map<String, String> env, Clock clock) {
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
            Map<String, AttributeValue> image = r.getDynamodb().getNewImage();
            String mode = image == null || image.get("mode") == null ? "" : image.get("mode").getS();
            if (mode.equals("null-id")) {
                failures.add(new StreamsEventResponse.BatchItemFailure(null));
            } else if (mode.equals("empty-id")) {
                failures.add(new StreamsEventResponse.BatchItemFailure(""));
            }
        }
        return new StreamsEventResponse(failures);
    }
}
