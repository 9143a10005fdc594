package io.mqlengine.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.json.Problem;
import io.mqlengine.json.QueueableText;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a tracking request body and validates every event: our own format
 * ({@code {"writeKey","sentAt","events":[...]}}) or Segment's ({@link Route.Format}), whose messages
 * {@link SegmentMessage} adapts first. Every string in the body, field names included, must be text SQS can carry
 * ({@link QueueableText}).
 */
public final class TrackingRequestParser {
    private static final Set<String> REQUEST_FIELDS = Set.of("writeKey", "sentAt", "events");

    private final Limits limits;
    private final EventValidator validator;

    public TrackingRequestParser(Limits limits) {
        this.limits = limits;
        this.validator = new EventValidator(limits);
    }

    /**
     * Parses a native request {@code body} received at {@code receivedAt}, whose write key is in the body.
     *
     * @throws InvalidRequestException when the request itself is unusable
     */
    public TrackingRequest parse(byte[] body, Instant receivedAt) {
        return parse(read(body), Route.EVENTS, null, receivedAt);
    }

    /**
     * Validates the request {@code root} read from a body posted to {@code route}. {@code headerKey} is the write
     * key from the Authorization header, or null: then the body must hold one.
     *
     * @throws InvalidRequestException when the request itself is unusable
     */
    public TrackingRequest parse(JsonNode root, Route route, String headerKey, Instant receivedAt) {
        if (!root.isObject()) {
            throw new InvalidRequestException(List.of(new Problem("$", "must be a JSON object")));
        }
        List<Problem> problems = new ArrayList<>();
        String eventsField = switch (route.format()) {
            case NATIVE -> "events";
            case SEGMENT_BATCH -> "batch";
            case SEGMENT_MESSAGE -> null;
        };
        checkRequestFields(root, route.format(), eventsField, problems);
        String bodyKey = writeKey(root);
        if (headerKey == null && bodyKey == null) {
            problems.add(new Problem("$.writeKey", "is required (or the write key as the username of HTTP Basic auth)"));
        }
        Instant sentAt = instant(root.get("sentAt"), "$.sentAt", problems);
        List<JsonNode> events = eventsField == null ? List.of(root) : events(root, eventsField, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        List<TrackingRequest.Accepted> accepted = new ArrayList<>();
        List<TrackingRequest.Rejected> rejected = new ArrayList<>();
        Set<String> seenIds = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            String path = eventsField == null ? "$" : "$." + eventsField + "[" + i + "]";
            JsonNode node = events.get(i);
            List<Problem> found = new ArrayList<>();
            EventValidator.Result r = route.segment()
                    ? segmentMessage(node, route, path, sentAt, receivedAt, found)
                    : nativeEvent(node, path, sentAt, receivedAt, found);
            if (found.isEmpty() && r != null && r.valid() && !seenIds.add(r.event().eventId())) {
                // the same event twice in one request is one event: accept it once, silently
                continue;
            }
            if (found.isEmpty() && r != null && r.valid()) {
                accepted.add(new TrackingRequest.Accepted(i, r.event(), r.userHash()));
            } else {
                JsonNode id = node.get(route.segment() ? "messageId" : "eventId");
                rejected.add(new TrackingRequest.Rejected(i, id != null && id.isTextual()
                        ? QueueableText.escaped(id.textValue()) : null, found));
            }
        }
        return new TrackingRequest(headerKey != null ? headerKey : bodyKey, sentAt, accepted, rejected);
    }

    /** The request's own fields: text SQS can carry, no server-owned names, and on our route no unknown ones. */
    private static void checkRequestFields(JsonNode root, Route.Format format, String eventsField,
                                           List<Problem> problems) {
        if (format == Route.Format.SEGMENT_MESSAGE) {
            return; // the body is the message: its fields are checked as the event's
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!name.equals(eventsField)) {
                QueueableText.check(field.getValue(), "$." + name, problems);
            }
            if (QueueableText.firstRefused(name) >= 0) {
                problems.add(new Problem("$." + name, "field name contains a character that is not text"));
            } else if (EventValidator.SERVER_OWNED.contains(name)) {
                problems.add(new Problem("$." + name, "is owned by the server and must not be sent"));
            } else if (format == Route.Format.NATIVE && !REQUEST_FIELDS.contains(name)) {
                problems.add(new Problem("$." + name, "unknown field"));
            }
        }
    }

    /** The events of {@code root.eventsField}: 1 to the limit of them, else none and a problem. */
    private List<JsonNode> events(JsonNode root, String eventsField, List<Problem> problems) {
        JsonNode array = root.get(eventsField);
        String at = "$." + eventsField;
        if (array == null || !array.isArray()) {
            problems.add(new Problem(at, "is required and must be an array"));
        } else if (array.isEmpty()) {
            problems.add(new Problem(at, "must hold at least one event"));
        } else if (array.size() > limits.maxEvents()) {
            problems.add(new Problem(at, "holds " + array.size() + " events; at most " + limits.maxEvents()
                    + " per request"));
        } else {
            List<JsonNode> events = new ArrayList<>(array.size());
            array.forEach(events::add);
            return events;
        }
        return List.of();
    }

    private EventValidator.Result nativeEvent(JsonNode node, String path, Instant sentAt, Instant receivedAt,
                                          List<Problem> found) {
        QueueableText.check(node, path, found);
        Duration offset = sentAt == null ? Duration.ZERO : Duration.between(sentAt, receivedAt);
        EventValidator.Result r = validator.validate(node, path, offset, receivedAt);
        found.addAll(r.problems());
        return r;
    }

    private EventValidator.Result segmentMessage(JsonNode node, Route route, String path, Instant requestSentAt,
                                          Instant receivedAt, List<Problem> found) {
        QueueableText.check(node, path, found);
        Instant sentAt = requestSentAt;
        if (node.isObject() && route.format() == Route.Format.SEGMENT_BATCH) {
            // analytics.js and RudderStack stamp every message with its own sentAt
            Instant own = instant(node.get("sentAt"), path + ".sentAt", found);
            sentAt = own != null ? own : sentAt;
        }
        SegmentMessage.Adapted adapted = SegmentMessage.adapt(node, route.messageType(), path,
                sentAt != null ? sentAt : receivedAt, found);
        if (adapted == null) {
            return null;
        }
        Duration offset = sentAt == null ? Duration.ZERO : Duration.between(sentAt, receivedAt);
        EventValidator.Result r = validator.validate(adapted.event(), path, offset, receivedAt);
        Set<String> named = new HashSet<>();
        found.forEach(p -> named.add(p.path()));
        for (Problem p : adapted.renamed(path, r.problems())) {
            if (!named.contains(p.path())) {
                found.add(p);
            }
        }
        return r;
    }

    private static Instant instant(JsonNode v, String at, List<Problem> problems) {
        if (v == null || v.isNull()) {
            return null;
        }
        Instant parsed = v.isTextual() ? EventTime.parseInstant(v.textValue()) : null;
        if (parsed == null) {
            problems.add(new Problem(at, "must be an ISO-8601 date-time with offset in the years 0000-9999"));
        }
        return parsed;
    }

    /** The write key in a request body ({@code writeKey}, a non-empty string), or null. */
    public static String writeKey(JsonNode root) {
        JsonNode key = root.isObject() ? root.get("writeKey") : null;
        return key != null && key.isTextual() && !key.textValue().isEmpty() ? key.textValue() : null;
    }

    /**
     * Reads a body as JSON within the parser's limits (nesting, string and number sizes, duplicate keys).
     *
     * @throws InvalidRequestException when it is not one JSON value within them
     */
    public static JsonNode read(byte[] body) {
        try {
            JsonNode root = Json.strict().readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new InvalidRequestException(List.of(new Problem("$", "body is empty")));
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new InvalidRequestException(List.of(new Problem("$", "exceeds a parser limit: "
                    + e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(List.of(new Problem("$", "is not valid JSON: "
                    + e.getOriginalMessage())));
        } catch (NumberFormatException | ArithmeticException e) {
            // a number such as 1e2147483648: valid JSON whose exponent no decimal can hold
            throw new InvalidRequestException(List.of(new Problem("$", "holds a number out of range: "
                    + e.getMessage())));
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(new Problem("$", "could not be read: " + e.getMessage())));
        }
    }
}
