package io.mqlengine.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An EventBridge rule target taking the event as a Map: fails unless it is shaped like EventBridge's envelope, or when asked. */
public final class LifecycleEventHandler implements RequestHandler<Map<String, Object>, Void> {
    public LifecycleEventHandler(Map<String, String> env, Clock clock) {
    }

    @Override
    public Void handleRequest(Map<String, Object> event, Context context) {
        boolean shaped = "0".equals(event.get("version")) && event.get("id") instanceof String
                && event.get("detail-type") instanceof String && "mql-engine".equals(event.get("source"))
                && "000000000000".equals(event.get("account")) && "us-east-1".equals(event.get("region"))
                && event.get("resources") instanceof List && event.get("detail") instanceof Map;
        if (!shaped) {
            throw new IllegalStateException("not shaped like an EventBridge event: " + event);
        }
        Instant.parse((String) event.get("time"));
        if (Boolean.TRUE.equals(((Map<?, ?>) event.get("detail")).get("fail"))) {
            throw new IllegalStateException("the event asked to fail");
        }
        return null;
    }
}
