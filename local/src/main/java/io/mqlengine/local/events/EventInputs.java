package io.mqlengine.local.events;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * What a Lambda target receives for an event envelope, as the Java runtime would deserialize it for the handler's
 * input type: a {@code Map<String, Object>} (also for Object), or aws-lambda-java-events' {@link ScheduledEvent}.
 */
public final class EventInputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventInputs() {}

    /** The input types an EventBridge event can be delivered as; empty when the handler takes none of them. */
    public static Optional<Class<?>> deliverable(Class<?> handlerInput) {
        if (handlerInput.isAssignableFrom(LinkedHashMap.class)) {
            return Optional.of(Map.class);
        }
        if (handlerInput.isAssignableFrom(ScheduledEvent.class)) {
            return Optional.of(ScheduledEvent.class);
        }
        return Optional.empty();
    }

    /** The envelope as the handler's input type (which {@link #deliverable} accepted). */
    @SuppressWarnings("unchecked")
    public static Object forHandler(Class<?> handlerInput, JsonNode envelope) {
        Map<String, Object> map = JSON.convertValue(envelope, LinkedHashMap.class);
        if (deliverable(handlerInput).orElseThrow() == Map.class) {
            return map;
        }
        ScheduledEvent event = new ScheduledEvent();
        event.setVersion(envelope.path("version").asText());
        event.setId(envelope.path("id").asText());
        event.setDetailType(envelope.path("detail-type").asText());
        event.setSource(envelope.path("source").asText());
        event.setAccount(envelope.path("account").asText());
        event.setTime(new DateTime(envelope.path("time").asText(), DateTimeZone.UTC));
        event.setRegion(envelope.path("region").asText());
        List<String> resources = new ArrayList<>();
        envelope.path("resources").forEach(r -> resources.add(r.asText()));
        event.setResources(resources);
        event.setDetail((Map<String, Object>) map.get("detail"));
        return event;
    }
}
