package io.mqlengine.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Clock;
import java.util.Map;

/** An EventBridge rule target taking the event as aws-lambda-java-events' ScheduledEvent; fails when asked. */
public final class LifecycleScheduledEventHandler implements RequestHandler<ScheduledEvent, Void> {
    public LifecycleScheduledEventHandler(Map<String, String> env, Clock clock) {
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        if (!"mql-engine".equals(event.getSource()) || event.getDetailType() == null || event.getTime() == null
                || event.getDetail() == null || event.getId() == null || event.getResources() == null) {
            throw new IllegalStateException("not shaped like an EventBridge event");
        }
        if (Boolean.TRUE.equals(event.getDetail().get("fail"))) {
            throw new IllegalStateException("the event asked to fail");
        }
        return null;
    }
}
