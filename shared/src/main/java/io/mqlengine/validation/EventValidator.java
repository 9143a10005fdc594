package io.mqlengine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.identity.UserIds;
import io.mqlengine.json.Problem;
import io.mqlengine.model.Emails;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks one tracking event and reports every problem with its JSON path; builds the event when there are none.
 * An identify may carry traits without an email (it enriches the profile); a group carries company traits only; an
 * alias names the profile of its anonymousId as belonging to its userId.
 */
public final class EventValidator {
    /** Fields the server owns; a client that sends them is refused by name. */
    public static final Set<String> SERVER_OWNED = Set.of("score", "stage", "grade", "qualified");

    private static final Set<String> EVENT_FIELDS = Set.of("eventId", "type", "event", "name", "anonymousId",
            "userId", "userHash", "traits", "timestamp", "context", "properties");
    private static final Set<String> TRAIT_FIELDS = Set.of("email", "firstName", "lastName", "title", "company",
            "companySize", "industry", "country");
    private static final Set<String> COMPANY_TRAITS = Set.of("company", "companySize", "industry");
    private static final String TYPES = Arrays.stream(EventType.values()).map(EventType::wire)
            .collect(Collectors.joining(", "));
    /** Instants outside years 0000-9999 are refused: no client means them, and their arithmetic overflows. */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}");

    private final Limits limits;

    public EventValidator(Limits limits) {
        this.limits = limits;
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
        String eventId = id(node, "eventId", path, problems);
        JsonNode anonymous = node.get("anonymousId");
        boolean keyedByUser = (anonymous == null || anonymous.isNull()) && node.path("userId").isTextual();
        String anonymousId = keyedByUser ? null : id(node, "anonymousId", path, problems);
        EventType type = type(node, path, problems);
        String eventName = null;
        if (type == EventType.TRACK) {
            eventName = requiredString(node, "event", path, 128, problems);
        } else if (node.has("event")) {
            problems.add(new Problem(path + ".event", "only allowed when type is track"));
        }
        optionalString(node, "name", path, 256, problems);
        String userId = optionalString(node, "userId", path, 128, problems);
        if (keyedByUser && userId != null) {
            // a server-side call with only a userId: its events meet in the profile derived from that id
            anonymousId = UserIds.anonymousIdFor(userId);
        }
        String userHash = optionalString(node, "userHash", path, 128, problems);
        Instant timestamp = timestamp(node, path, clockOffset, now, problems);
        Traits traits = Traits.NONE;
        if (node.has("traits") && !node.get("traits").isNull()) {
            if (type != null && type != EventType.IDENTIFY && type != EventType.GROUP) {
                problems.add(new Problem(path + ".traits", "only allowed when type is identify or group"));
            } else {
                traits = traits(node.get("traits"), type == EventType.GROUP, path + ".traits", problems);
            }
        }
        if (type == EventType.ALIAS && userId == null && !hasProblemAt(problems, path + ".userId")) {
            problems.add(new Problem(path + ".userId", "is required for alias: the user whose profile the "
                    + "anonymousId's profile joins"));
        }
        if (userHash != null && type != EventType.IDENTIFY) {
            problems.add(new Problem(path + ".userHash", "only allowed when type is identify"));
        }
        Map<String, Object> context = container(node, "context", path, problems);
        Map<String, Object> properties = container(node, "properties", path, problems);
        checkPage(context, path + ".context.page", problems);
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

    private String id(JsonNode node, String field, String path, List<Problem> problems) {
        JsonNode v = node.get(field);
        String at = path + "." + field;
        if (v == null || v.isNull()) {
            problems.add(new Problem(at, "is required"));
            return null;
        }
        if (!v.isTextual() || !ID.matcher(v.textValue()).matches()) {
            problems.add(new Problem(at, "must be 1-64 characters of letters, digits, '.', '_', ':' or '-'"));
            return null;
        }
        return v.textValue();
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

    private String requiredString(JsonNode node, String field, String path, int max, List<Problem> problems) {
        if (!node.has(field) || node.get(field).isNull()) {
            problems.add(new Problem(path + "." + field, "is required"));
            return null;
        }
        String s = optionalString(node, field, path, max, problems);
        if (s != null && s.isBlank()) {
            problems.add(new Problem(path + "." + field, "must not be blank"));
            return null;
        }
        return s;
    }

    private String optionalString(JsonNode node, String field, String path, int max, List<Problem> problems) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String at = path + "." + field;
        if (!v.isTextual()) {
            problems.add(new Problem(at, "must be a string"));
            return null;
        }
        return checkedString(v.textValue(), at, max, problems);
    }

    private String checkedString(String s, String at, int max, List<Problem> problems) {
        if (s.length() > max) {
            problems.add(new Problem(at, "is longer than " + max + " characters"));
            return null;
        }
        int bad = firstControl(s);
        if (bad >= 0) {
            problems.add(new Problem(at, String.format("contains control character U+%04X at offset %d",
                    (int) s.charAt(bad), bad)));
            return null;
        }
        return s;
    }

    /** Index of the first C0/C1 control character (tab included), or -1. */
    static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return i;
            }
        }
        return -1;
    }

    private Instant timestamp(JsonNode node, String path, Duration offset, Instant now, List<Problem> problems) {
        JsonNode v = node.get("timestamp");
        String at = path + ".timestamp";
        if (v == null || v.isNull()) {
            problems.add(new Problem(at, "is required"));
            return null;
        }
        Instant parsed = v.isTextual() ? parseInstant(v.textValue()) : null;
        if (parsed == null) {
            problems.add(new Problem(at, "must be an ISO-8601 date-time with offset in the years 0000-9999, e.g. 2026-11-23T10:15:30Z"));
            return null;
        }
        Instant corrected = parsed.plus(offset);
        if (corrected.isAfter(now.plus(limits.maxFutureSkew()))) {
            problems.add(new Problem(at, "is more than " + limits.maxFutureSkew() + " in the future"
                    + (offset.isZero() ? "" : " after correcting the client clock by sentAt")));
            return null;
        }
        if (corrected.isBefore(now.minus(limits.maxAge()))) {
            problems.add(new Problem(at, "is older than the accepted horizon of " + limits.maxAge()));
            return null;
        }
        return corrected;
    }

    /** Parses an ISO-8601 instant with a zone offset in the years 0000 to 9999; null when it is not one. */
    public static Instant parseInstant(String text) {
        if (text.length() > 64) {
            return null;
        }
        Instant parsed;
        try {
            parsed = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        return parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST) ? null : parsed;
    }

    private Traits traits(JsonNode t, boolean company, String path, List<Problem> problems) {
        if (!t.isObject()) {
            problems.add(new Problem(path, "must be a JSON object"));
            return Traits.NONE;
        }
        for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (SERVER_OWNED.contains(name)) {
                problems.add(new Problem(path + "." + name, "is owned by the server and must not be sent"));
            } else if (!TRAIT_FIELDS.contains(name)) {
                problems.add(new Problem(path + "." + name, "unknown trait; known traits are " + TRAIT_FIELDS));
            } else if (company && !COMPANY_TRAITS.contains(name)) {
                problems.add(new Problem(path + "." + name, "is not a company trait; a group carries " + COMPANY_TRAITS));
            }
        }
        String email = optionalString(t, "email", path, 254, problems);
        if (email != null && !Emails.isPlausible(email)) {
            problems.add(new Problem(path + ".email", "is not an email address"));
            email = null;
        }
        Integer size = null;
        JsonNode sizeNode = t.get("companySize");
        if (sizeNode != null && !sizeNode.isNull()) {
            if (!sizeNode.canConvertToInt() || !sizeNode.isIntegralNumber() || sizeNode.intValue() < 0) {
                problems.add(new Problem(path + ".companySize", "must be a whole number of employees, 0 or more"));
            } else {
                size = sizeNode.intValue();
            }
        }
        return new Traits(email,
                optionalString(t, "firstName", path, 128, problems),
                optionalString(t, "lastName", path, 128, problems),
                optionalString(t, "title", path, 256, problems),
                optionalString(t, "company", path, 256, problems),
                size,
                optionalString(t, "industry", path, 128, problems),
                optionalString(t, "country", path, 64, problems));
    }

    private Map<String, Object> container(JsonNode node, String field, String path, List<Problem> problems) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        String at = path + "." + field;
        if (!v.isObject()) {
            problems.add(new Problem(at, "must be a JSON object"));
            return Map.of();
        }
        Object converted = convert(v, at, 0, problems);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = converted instanceof Map<?, ?> ? (Map<String, Object>) converted : Map.of();
        return map;
    }

    /** Converts a JSON value into plain Java values, checking size, depth and characters on the way. */
    private Object convert(JsonNode v, String at, int depth, List<Problem> problems) {
        if (v.isObject()) {
            if (depth > limits.maxDepth()) {
                problems.add(new Problem(at, "nests deeper than " + limits.maxDepth() + " levels"));
                return null;
            }
            if (v.size() > limits.maxProperties()) {
                problems.add(new Problem(at, "has " + v.size() + " fields; at most " + limits.maxProperties()));
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String keyAt = at + "." + key;
                if (key.isEmpty() || key.length() > limits.maxKeyLength() || firstControl(key) >= 0) {
                    problems.add(new Problem(at, "has a field name that is empty, longer than "
                            + limits.maxKeyLength() + " characters or holds control characters"));
                    continue;
                }
                out.put(key, convert(e.getValue(), keyAt, depth + 1, problems));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v.isArray()) {
            if (depth > limits.maxDepth()) {
                problems.add(new Problem(at, "nests deeper than " + limits.maxDepth() + " levels"));
                return null;
            }
            if (v.size() > limits.maxArrayItems()) {
                problems.add(new Problem(at, "has " + v.size() + " items; at most " + limits.maxArrayItems()));
                return null;
            }
            List<Object> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                out.add(convert(v.get(i), at + "[" + i + "]", depth + 1, problems));
            }
            return Collections.unmodifiableList(out);
        }
        if (v.isTextual()) {
            return checkedString(v.textValue(), at, limits.maxStringLength(), problems);
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                problems.add(new Problem(at, "is a number too large"));
                return null;
            }
            return v.longValue();
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (Double.isInfinite(d) || Double.isNaN(d)) {
                problems.add(new Problem(at, "is a number out of range"));
                return null;
            }
            return d;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return null;
    }

    private static void checkPage(Map<String, Object> context, String at, List<Problem> problems) {
        Object page = context.get("page");
        if (page == null) {
            return;
        }
        if (!(page instanceof Map<?, ?> map)) {
            problems.add(new Problem(at, "must be a JSON object"));
            return;
        }
        Object path = map.get("path");
        if (path != null && (!(path instanceof String s) || !s.startsWith("/"))) {
            problems.add(new Problem(at + ".path", "must be a string starting with '/'"));
        }
    }
}
