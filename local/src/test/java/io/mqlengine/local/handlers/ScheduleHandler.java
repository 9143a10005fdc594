package io.mqlengine.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Clock;
import java.util.Map;

/** Schedule target: checks the event looks like EventBridge's "Scheduled Event". */
public final class ScheduleHandler implements RequestHandler<ScheduledEvent, Void> {
    public ScheduleHandler(Map<String, String> env, Clock clock) {
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        if (!"Scheduled Event".equals(event.getDetailType()) || !"aws.events".equals(event.getSource())
                || event.getResources().isEmpty() || event.getTime() == null || event.getDetail() == null) {
            throw new IllegalStateException("not shaped like an EventBridge scheduled event");
        }
        return null;
    }
}
