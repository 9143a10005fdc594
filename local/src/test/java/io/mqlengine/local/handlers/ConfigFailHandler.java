package io.mqlengine.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Clock;
import java.util.Map;

/** Fails in its constructor the way the project's config does: naming the missing environment variable. */
public final class ConfigFailHandler implements RequestHandler<ScheduledEvent, Void> {
    public ConfigFailHandler(Map<String, String> env, Clock clock) {
        if (env.get("REQUIRED_SETTING") == null) {
            throw new IllegalStateException("missing environment variable REQUIRED_SETTING");
        }
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        return null;
    }
}
