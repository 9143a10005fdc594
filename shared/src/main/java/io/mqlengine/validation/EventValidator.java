package io.mqlengine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.identity.UserIds;
import io.mqlengine.json.Problem;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks one tracking event and reports every problem with its JSON path; builds the event when there are none.
 * An identify may carry traits without an email (it enriches the lead); a group carries company traits only; an
 * alias names the lead of its anonymousId as belonging to its userId.
 *
 * <p>This class holds the rules of the event as a whole (its fields, its type, what each type may carry); the
 * rules of its parts are {@link TextFields} (ids and strings), {@link EventTime}, {@link EventTraits} and
 * {@link ContextAndProperties}.
 */
public final class EventValidator {
    /** Fields the server owns; a client that sends them is refused by name. */
    public static final Set<String> SERVER_OWNED = Set.of("score", "stage", "grade", "qualified");

    private static final Set<String> EVENT_FIELDS = Set.of("eventId", "type", "event", "name", "anonymousId",
            "userId", "userHash", "traits", "timestamp", "context", "properties");
    private static final String TYPES = Arrays.stream(EventType.values()).map(EventType::wire)
            .collect(Collectors.joining(", "));

    private final EventTime time;
    private final ContextAndProperties objects;

    public EventValidator(Limits limits) {
        this.time = new EventTime(limits);
        this.objects = new ContextAndProperties(limits);
    }

    /** The outcome for one event: the event (when valid), the identify's userHash, and every problem found. */
    public record Result(TrackingEvent event, String userHash, List<Problem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Validates {@code node} found at {@code path}. {@code clockOffset} is added to the event's timestamp
     * (server receive time minus the client's sentAt); {@code now} is the server's receive time.
     */
    public Result validate(JsonNode node, String path, Duration clockOffset, Instant now) {
        List<Problem> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            problems.add(new Problem(path, "must be a JSON object"));
            return new Result(null, null, problems);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (SERVER_OWNED.contains(name)) {
                problems.add(new Problem(path + "." + name, "is owned by the server and must not be sent"));
            } else if (!EVENT_FIELDS.contains(name)) {
                problems.add(new Problem(path + "." + name, "unknown field"));
            }
        }
        String eventId = TextFields.id(node, "eventId", path, problems);
        JsonNode anonymous = node.get("anonymousId");
        boolean keyedByUser = (anonymous == null || anonymous.isNull()) && node.path("userId").isTextual();
        String anonymousId = keyedByUser ? null : TextFields.id(node, "anonymousId", path, problems);
        EventType type = type(node, path, problems);
        String eventName = null;
        if (type == EventType.TRACK) {
            eventName = TextFields.required(node, "event", path, 128, problems);
        } else if (node.has("event")) {
            problems.add(new Problem(path + ".event", "only allowed when type is track"));
        }
        TextFields.optional(node, "name", path, 256, problems);
        String userId = TextFields.optional(node, "userId", path, 128, problems);
        if (keyedByUser && userId != null) {
            // a server-side call with only a userId: its events meet in the lead derived from that id
            anonymousId = UserIds.anonymousIdFor(userId);
        }
        String userHash = TextFields.optional(node, "userHash", path, 128, problems);
        Instant timestamp = time.timestamp(node, path, clockOffset, now, problems);
        Traits traits = Traits.NONE;
        if (node.has("traits") && !node.get("traits").isNull()) {
            if (type != null && type != EventType.IDENTIFY && type != EventType.GROUP) {
                problems.add(new Problem(path + ".traits", "only allowed when type is identify or group"));
            } else {
                traits = EventTraits.read(node.get("traits"), type == EventType.GROUP, path + ".traits", problems);
            }
        }
        if (type == EventType.ALIAS && userId == null && !hasProblemAt(problems, path + ".userId")) {
            problems.add(new Problem(path + ".userId", "is required for alias: the user whose lead the "
                    + "anonymousId's lead joins"));
        }
        if (userHash != null && type != EventType.IDENTIFY) {
            problems.add(new Problem(path + ".userHash", "only allowed when type is identify"));
        }
        Map<String, Object> context = objects.object(node, "context", path, problems);
        Map<String, Object> properties = objects.object(node, "properties", path, problems);
        ContextAndProperties.checkPage(context, path + ".context.page", problems);
        if (type == EventType.PAGE) {
            context = PageFromProperties.fill(context, properties);
        }
        if (!problems.isEmpty()) {
            return new Result(null, null, List.copyOf(problems));
        }
        return new Result(new TrackingEvent(eventId, type, eventName, anonymousId, userId, traits, timestamp,
                context, properties), userHash, List.of());
    }

    private static boolean hasProblemAt(List<Problem> problems, String at) {
        return problems.stream().anyMatch(p -> p.path().equals(at));
    }

    private static EventType type(JsonNode node, String path, List<Problem> problems) {
        JsonNode v = node.get("type");
        if (v == null || v.isNull()) {
            problems.add(new Problem(path + ".type", "is required"));
            return null;
        }
        if (!v.isTextual() || EventType.fromWire(v.textValue()).isEmpty()) {
            problems.add(new Problem(path + ".type", "must be one of " + TYPES));
            return null;
        }
        return EventType.fromWire(v.textValue()).get();
    }
}
