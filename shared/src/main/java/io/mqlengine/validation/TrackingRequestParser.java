package io.mqlengine.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Parses a tracking request body ({@code {"writeKey","sentAt","events":[...]}}) and validates every event. */
public final class TrackingRequestParser {
    private static final Set<String> REQUEST_FIELDS = Set.of("writeKey", "sentAt", "events");

    private final Limits limits;
    private final EventValidator validator;

    public TrackingRequestParser(Limits limits) {
        this.limits = limits;
        this.validator = new EventValidator(limits);
    }

    /**
     * Parses {@code body} received at {@code receivedAt}.
     *
     * @throws InvalidRequestException when the request itself is unusable
     */
    public TrackingRequest parse(byte[] body, Instant receivedAt) {
        JsonNode root = readTree(body);
        List<Problem> problems = new ArrayList<>();
        if (!root.isObject()) {
            throw new InvalidRequestException(List.of(new Problem("$", "must be a JSON object")));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (EventValidator.SERVER_OWNED.contains(name)) {
                problems.add(new Problem("$." + name, "is owned by the server and must not be sent"));
            } else if (!REQUEST_FIELDS.contains(name)) {
                problems.add(new Problem("$." + name, "unknown field"));
            }
        }
        JsonNode key = root.get("writeKey");
        if (key == null || !key.isTextual() || key.textValue().isEmpty()) {
            problems.add(new Problem("$.writeKey", "is required"));
        }
        Duration offset = Duration.ZERO;
        Instant sentAt = null;
        JsonNode sent = root.get("sentAt");
        if (sent != null && !sent.isNull()) {
            sentAt = sent.isTextual() ? EventValidator.parseInstant(sent.textValue()) : null;
            if (sentAt == null) {
                problems.add(new Problem("$.sentAt", "must be an ISO-8601 date-time with offset"));
            } else {
                offset = Duration.between(sentAt, receivedAt);
            }
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            problems.add(new Problem("$.events", "is required and must be an array"));
        } else if (events.isEmpty()) {
            problems.add(new Problem("$.events", "must hold at least one event"));
        } else if (events.size() > limits.maxEvents()) {
            problems.add(new Problem("$.events", "holds " + events.size() + " events; at most "
                    + limits.maxEvents() + " per request"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        List<TrackingRequest.Accepted> accepted = new ArrayList<>();
        List<TrackingRequest.Rejected> rejected = new ArrayList<>();
        Set<String> seenIds = new java.util.HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            String path = "$.events[" + i + "]";
            EventValidator.Result r = validator.validate(events.get(i), path, offset, receivedAt);
            if (r.valid() && !seenIds.add(r.event().eventId())) {
                // the same event twice in one request is one event: accept it once, silently
                continue;
            }
            if (r.valid()) {
                accepted.add(new TrackingRequest.Accepted(i, r.event(), r.userHash()));
            } else {
                JsonNode id = events.get(i).get("eventId");
                rejected.add(new TrackingRequest.Rejected(i, id != null && id.isTextual() ? id.textValue() : null,
                        r.problems()));
            }
        }
        return new TrackingRequest(key.textValue(), sentAt, accepted, rejected);
    }

    private static JsonNode readTree(byte[] body) {
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
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(new Problem("$", "could not be read: " + e.getMessage())));
        }
    }
}
