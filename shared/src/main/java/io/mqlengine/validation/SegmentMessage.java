package io.mqlengine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.identity.UserIds;
import io.mqlengine.json.Json;
import io.mqlengine.json.Problem;
import io.mqlengine.model.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The adapter from a Segment message (Segment's HTTP tracking API, which analytics.js, analytics-node and
 * RudderStack send) to the event node {@link EventValidator} checks. {@code messageId} becomes {@code eventId};
 * {@code originalTimestamp} stands in for a missing {@code timestamp}; a {@code userId} without an
 * {@code anonymousId} keys a lead of its own ({@link UserIds}); {@code screen} is a page view whose path is its
 * name; {@code alias} joins the lead of {@code previousId} to {@code userId}; reserved traits map onto ours
 * ({@link SegmentTraits}). Everything else a message carries ({@code integrations}, {@code _metadata},
 * {@code channel}, {@code context.library}, unknown traits...) is ignored; the server-owned names are refused.
 */
final class SegmentMessage {
    static final List<String> TYPES = List.of("identify", "track", "page", "screen", "group", "alias");
    /** What the rules and the lead use of a message's context; the rest of it is ignored. */
    private static final Set<String> CONTEXT_KEPT = Set.of("page", "userAgent", "campaign", "referrer", "locale",
            "timezone");

    private SegmentMessage() {
    }

    /**
     * The native event and, for its fields that were read from elsewhere in the message, the message's path of
     * each (relative to the event, as {@code traits.firstName -> traits.name}).
     */
    record Adapted(ObjectNode event, Map<String, String> sources) {

        /** {@code problems} found in {@link #event} at {@code at}, with paths naming the message's own fields. */
        List<Problem> renamed(String at, List<Problem> problems) {
            List<String> keys = new ArrayList<>(sources.keySet());
            keys.sort(Comparator.comparingInt(String::length).reversed());
            List<Problem> out = new ArrayList<>(problems.size());
            for (Problem p : problems) {
                out.add(new Problem(rename(at, p.path(), keys), p.message()));
            }
            return out;
        }

        private String rename(String at, String path, List<String> keys) {
            if (!path.startsWith(at + ".")) {
                return path;
            }
            String rel = path.substring(at.length() + 1);
            for (String k : keys) {
                if (rel.equals(k) || rel.startsWith(k + ".") || rel.startsWith(k + "[")) {
                    return at + "." + sources.get(k) + rel.substring(k.length());
                }
            }
            return path;
        }
    }

    /**
     * Adapts message {@code m} found at {@code at}. {@code impliedType} is the type a single-message route names
     * (null for a batch); {@code untimed} is the timestamp of a message that has neither {@code timestamp} nor
     * {@code originalTimestamp} (its sentAt, so that clock correction makes it the receive time). Returns null,
     * with problems added, when there is no event to validate.
     */
    static Adapted adapt(JsonNode m, String impliedType, String at, Instant untimed, List<Problem> problems) {
        if (m == null || !m.isObject()) {
            problems.add(new Problem(at, "must be a JSON object"));
            return null;
        }
        for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (EventValidator.SERVER_OWNED.contains(name)) {
                problems.add(new Problem(at + "." + name, "is owned by the server and must not be sent"));
            }
        }
        String type = type(m, impliedType, at, problems);
        if (type == null) {
            return null;
        }
        ObjectNode e = Json.object();
        Map<String, String> sources = new HashMap<>();
        e.put("type", type.equals("screen") ? EventType.PAGE.wire() : type);
        eventId(m, at, e, sources, problems);
        ids(m, type, at, e, sources, problems);
        JsonNode timestamp = m.get("timestamp");
        if (timestamp == null || timestamp.isNull()) {
            timestamp = m.get("originalTimestamp");
            sources.put("timestamp", "originalTimestamp");
        }
        if (timestamp == null || timestamp.isNull()) {
            e.put("timestamp", untimed.toString());
        } else {
            e.set("timestamp", timestamp);
        }
        if (type.equals("track")) {
            copy(m, "event", e);
        }
        if (type.equals("page") || type.equals("screen")) {
            copy(m, "name", e);
        }
        copy(m, "properties", e);
        JsonNode given = m.get("context");
        if (given != null && !given.isNull() && !given.isObject()) {
            problems.add(new Problem(at + ".context", "must be a JSON object"));
        }
        JsonNode context = given != null && given.isObject() ? given : null;
        if (context != null) {
            ObjectNode kept = Json.object();
            CONTEXT_KEPT.stream().sorted().filter(context::has).forEach(k -> kept.set(k, context.get(k).deepCopy()));
            if (!kept.isEmpty()) {
                e.set("context", kept);
            }
        }
        if (type.equals("screen")) {
            screenPath(m, e, sources);
        }
        if (type.equals("identify")) {
            identify(m, context, at, e, sources, problems);
        }
        if (type.equals("group") && m.hasNonNull("traits")) {
            ObjectNode traits = SegmentTraits.group(m.get("traits"), "traits", at, sources, problems);
            if (traits != null) {
                e.set("traits", traits);
            }
        }
        return new Adapted(e, sources);
    }

    private static String type(JsonNode m, String impliedType, String at, List<Problem> problems) {
        if (impliedType != null) {
            // the route names the type; analytics.js repeats it in the body, as Segment's own API, we go by the route
            return impliedType;
        }
        JsonNode t = m.get("type");
        if (t == null || t.isNull()) {
            problems.add(new Problem(at + ".type", "is required in a batch: one of " + String.join(", ", TYPES)));
            return null;
        }
        String type = t.isTextual() ? t.textValue().toLowerCase(Locale.ROOT) : null;
        if (!TYPES.contains(type)) {
            problems.add(new Problem(at + ".type", "must be one of " + String.join(", ", TYPES)));
            return null;
        }
        return type;
    }

    private static void eventId(JsonNode m, String at, ObjectNode e, Map<String, String> sources,
                                List<Problem> problems) {
        JsonNode id = m.get("messageId");
        sources.put("eventId", "messageId");
        if (id == null || id.isNull()) {
            e.put("eventId", SegmentIds.contentId((ObjectNode) m));
        } else if (id.isTextual() && !id.textValue().isEmpty()) {
            e.put("eventId", SegmentIds.eventId(id.textValue()));
        } else {
            problems.add(new Problem(at + ".messageId", "must be a non-empty string"));
        }
    }

    private static void ids(JsonNode m, String type, String at, ObjectNode e, Map<String, String> sources,
                            List<Problem> problems) {
        JsonNode userNode = m.get("userId");
        String userId = SegmentIds.text(userNode);
        if (userId != null) {
            e.put("userId", userId);
        } else if (userNode != null && !userNode.isNull() && !(userNode.isTextual() && userNode.textValue().isEmpty())) {
            e.set("userId", userNode);
        }
        if (type.equals("alias")) {
            String previousId = SegmentIds.text(m.get("previousId"));
            if (previousId == null) {
                problems.add(new Problem(at + ".previousId", "is required for alias: the id to join to userId"));
            } else {
                e.put("anonymousId", SegmentIds.anonymousId(previousId));
                sources.put("anonymousId", "previousId");
            }
            return;
        }
        String anonymousId = SegmentIds.text(m.get("anonymousId"));
        if (anonymousId != null) {
            e.put("anonymousId", SegmentIds.anonymousId(anonymousId));
        } else if (userId != null) {
            e.put("anonymousId", UserIds.anonymousIdFor(userId));
        } else {
            problems.add(new Problem(at + ".anonymousId", "is required when there is no userId (a string)"));
        }
    }

    private static void copy(JsonNode m, String field, ObjectNode e) {
        JsonNode v = m.get(field);
        if (v != null && !v.isNull()) {
            e.set(field, v);
        }
    }

    /** A screen's path: {@code context.page.path} or {@code properties.path} when given, else {@code /} and its name. */
    private static void screenPath(JsonNode m, ObjectNode e, Map<String, String> sources) {
        JsonNode name = m.get("name");
        boolean given = e.path("context").path("page").path("path").isTextual()
                || m.path("properties").path("path").isTextual();
        if (given || name == null || !name.isTextual() || name.textValue().isBlank()) {
            return;
        }
        String path = name.textValue().startsWith("/") ? name.textValue() : "/" + name.textValue();
        ObjectNode context = e.has("context") ? (ObjectNode) e.get("context") : e.putObject("context");
        JsonNode page = context.get("page");
        ObjectNode p = page instanceof ObjectNode o ? o : context.putObject("page");
        p.put("path", path);
        sources.put("context.page.path", "name");
    }

    private static void identify(JsonNode m, JsonNode context, String at, ObjectNode e, Map<String, String> sources,
                                 List<Problem> problems) {
        // RudderStack copies an identify's traits into context.traits; analytics.js may send them there alone
        JsonNode traits = m.get("traits");
        String from = "traits";
        if ((traits == null || traits.isNull()) && context != null && context.hasNonNull("traits")) {
            traits = context.get("traits");
            from = "context.traits";
        }
        if (traits != null && !traits.isNull()) {
            ObjectNode mapped = SegmentTraits.identify(traits, from, at, sources, problems);
            if (mapped != null) {
                e.set("traits", mapped);
            }
        }
        JsonNode userHash = m.get("userHash");
        if (userHash != null && !userHash.isNull()) {
            e.set("userHash", userHash);
        } else if (context != null && context.hasNonNull("userHash")) {
            e.set("userHash", context.get("userHash"));
            sources.put("userHash", "context.userHash");
        }
    }
}
