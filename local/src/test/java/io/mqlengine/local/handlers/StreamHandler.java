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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stream consumer steered by the item's "mode": fail-once (reported failed the first time),
 * poison (throws whenever it is in the batch), ttl (a REMOVE that must come from the TTL service).
 */
public final class StreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    public StreamHandler(Map<String, String> env, Clock clock) {
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
            Map<String, AttributeValue> image = r.getEventName().equals("REMOVE") ? r.getDynamodb().getOldImage()
                    : r.getDynamodb().getNewImage();
            String mode = image == null || image.get("mode") == null ? "" : image.get("mode").getS();
            String sequence = r.getDynamodb().getSequenceNumber();
            if (!"aws:dynamodb".equals(r.getEventSource()) || r.getEventSourceARN() == null || sequence == null) {
                throw new IllegalStateException("not shaped like Lambda's DynamoDB event");
            }
            if (mode.equals("poison")) {
                throw new IllegalStateException("poison record " + sequence);
            }
            if (mode.equals("ttl") && r.getEventName().equals("REMOVE")
                    && (r.getUserIdentity() == null || !"dynamodb.amazonaws.com".equals(r.getUserIdentity().getPrincipalId()))) {
                throw new IllegalStateException("a TTL deletion without the TTL service identity");
            }
            if (mode.equals("fail-once") && SEEN.add(sequence)) {
                failures.add(new StreamsEventResponse.BatchItemFailure(sequence));
            }
        }
        return new StreamsEventResponse(failures);
    }
}
