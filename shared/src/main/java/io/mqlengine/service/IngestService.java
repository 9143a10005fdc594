package io.mqlengine.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.config.AllowedOrigins;
import io.mqlengine.identity.Emails;
import io.mqlengine.identity.Hmac;
import io.mqlengine.json.Json;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.queue.EventEnvelope;
import io.mqlengine.queue.EventQueue;
import io.mqlengine.validation.InvalidRequestException;
import io.mqlengine.validation.Limits;
import io.mqlengine.validation.Problem;
import io.mqlengine.validation.TrackingRequest;
import io.mqlengine.validation.TrackingRequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tracking API: authenticates the site (origin allow-list, write key), checks size and media type,
 * validates every event, optionally verifies identify signatures, and enqueues what it accepts. It never
 * touches the leads table. Answers are JSON with a reason for every refusal.
 *
 * <p>Two lanes: a request with a hand-raising event (one a fast-track rule matches, such as a demo request)
 * goes whole to the hand-raiser queue, which the scorer reads without a batching window; everything else
 * goes to the events queue, read in large batches. The whole request, so that an identify sent with the
 * demo request is scored with it.
 */
public final class IngestService {
    private final Settings settings;
    private final EventQueue queue;
    private final EventQueue handRaiserQueue;
    private final Predicate<TrackingEvent> raisesHand;
    private final Clock clock;
    private final TrackingRequestParser parser;
    private final Hmac identity;

    /**
     * @param identitySecret empty to accept identify calls without a signature
     * @param allowedOrigins browser origins allowed to post
     */
    public record Settings(Set<String> writeKeys, AllowedOrigins allowedOrigins, String identitySecret, Limits limits,
                           int maxBodyBytes) {
    }

    /** A response: status and JSON body. */
    public record Response(int status, String body) {
    }

    /** One lane: every accepted event goes to {@code queue}. */
    public IngestService(Settings settings, EventQueue queue, Clock clock) {
        this(settings, queue, queue, e -> false, clock);
    }

    /** Two lanes: requests with an event {@code raisesHand} accepts go to {@code handRaiserQueue}. */
    public IngestService(Settings settings, EventQueue queue, EventQueue handRaiserQueue,
                         Predicate<TrackingEvent> raisesHand, Clock clock) {
        this.settings = settings;
        this.queue = queue;
        this.handRaiserQueue = handRaiserQueue;
        this.raisesHand = raisesHand;
        this.clock = clock;
        this.parser = new TrackingRequestParser(settings.limits());
        this.identity = settings.identitySecret().isEmpty() ? null : new Hmac(settings.identitySecret());
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Parses and validates a sample request and routes it, sending nothing: loads the classes of the request
     * path while the function starts (on a thread that would otherwise wait for the SQS client), not in the
     * first request.
     */
    public static void prime(Settings settings, Predicate<TrackingEvent> raisesHand, Clock clock) {
        Instant now = clock.instant();
        TrackingRequestParser parser = new TrackingRequestParser(settings.limits());
        String sample = "{\"writeKey\":\"w\",\"sentAt\":\"" + now + "\",\"events\":[{\"eventId\":\"prime-1\","
                + "\"type\":\"page\",\"anonymousId\":\"prime\",\"timestamp\":\"" + now + "\",\"context\":{\"page\":"
                + "{\"path\":\"/\"}}},{\"eventId\":\"prime-2\",\"type\":\"identify\",\"anonymousId\":\"prime\","
                + "\"timestamp\":\"" + now + "\",\"traits\":{\"email\":\"prime@example.com\"}}]}";
        TrackingRequest request = parser.parse(sample.getBytes(StandardCharsets.UTF_8), now);
        request.accepted().forEach(a -> raisesHand.test(a.event()));
        List<EventEnvelope> envelopes = request.accepted().stream().map(a -> new EventEnvelope(a.event(), now)).toList();
        envelopes.forEach(EventEnvelope::toJson);
    }

    /** True when a browser at {@code origin} may call the API (no Origin header: a server, allowed). */
    public boolean originAllowed(String origin) {
        return origin == null || settings.allowedOrigins().allows(origin);
    }

    /** Handles a request whose body is already decoded from API Gateway's base64. */
    public Response accept(byte[] body, String contentType, String origin) {
        Instant receivedAt = clock.instant();
        if (!originAllowed(origin)) {
            return error(403, "origin_not_allowed", "origin " + origin + " is not in the allow-list of this deployment");
        }
        if (!mediaTypeAccepted(contentType)) {
            return error(415, "unsupported_media_type", "content-type must be application/json or text/plain, was "
                    + contentType);
        }
        if (body.length > settings.maxBodyBytes()) {
            return error(413, "payload_too_large", "body has " + body.length + " bytes; at most "
                    + settings.maxBodyBytes());
        }
        TrackingRequest request;
        try {
            request = parser.parse(body, receivedAt);
        } catch (InvalidRequestException e) {
            ObjectNode n = errorBody("invalid_request", "the request is not a valid tracking request");
            n.set("errors", problems(e.problems()));
            return new Response(400, n.toString());
        }
        if (!settings.writeKeys().contains(request.writeKey())) {
            return error(401, "invalid_write_key", "writeKey is not a write key of this deployment");
        }
        List<TrackingRequest.Accepted> accepted = new ArrayList<>();
        List<TrackingRequest.Rejected> rejected = new ArrayList<>(request.rejected());
        for (TrackingRequest.Accepted a : request.accepted()) {
            if (a.event().type() == EventType.IDENTIFY && identity != null
                    && !identity.verifyHex(Emails.normalise(a.event().email()), a.userHash())) {
                rejected.add(new TrackingRequest.Rejected(a.index(), a.event().eventId(), List.of(new Problem(
                        "$.events[" + a.index() + "].userHash", "is missing or does not match the email; this deployment "
                        + "requires identify calls to be signed with HMAC-SHA256 of the normalised email"))));
            } else {
                accepted.add(a);
            }
        }
        rejected.sort(Comparator.comparingInt(TrackingRequest.Rejected::index));
        if (accepted.isEmpty()) {
            ObjectNode n = errorBody("no_valid_events", "no event in the request is valid; nothing was accepted");
            n.put("accepted", 0);
            n.set("rejected", rejectedJson(rejected));
            return new Response(400, n.toString());
        }
        EventEnvelope envelope = new EventEnvelope(accepted.stream().map(TrackingRequest.Accepted::event).toList(),
                receivedAt);
        boolean handRaised = accepted.stream().anyMatch(a -> raisesHand.test(a.event()));
        EventQueue.SendResult sent = (handRaised ? handRaiserQueue : queue).send(envelope);
        if (!sent.unavailable().isEmpty()) {
            ObjectNode n = errorBody("unavailable", sent.unavailable().size() + " of " + accepted.size()
                    + " events could not be queued; send the request again (events are deduplicated by eventId)");
            return new Response(503, n.toString());
        }
        // refused by the queue for their content: sending them again cannot succeed, so they are rejected, not retried
        sent.refused().forEach((i, reason) -> rejected.add(new TrackingRequest.Rejected(accepted.get(i).index(),
                accepted.get(i).event().eventId(), List.of(new Problem("$.events[" + accepted.get(i).index() + "]",
                "was refused by the events queue (" + reason + "); sending it again cannot succeed")))));
        rejected.sort(Comparator.comparingInt(TrackingRequest.Rejected::index));
        int queued = accepted.size() - sent.refused().size();
        if (queued == 0) {
            ObjectNode n = errorBody("no_valid_events", "the events queue refused every valid event of the request; "
                    + "nothing was accepted");
            n.put("accepted", 0);
            n.set("rejected", rejectedJson(rejected));
            return new Response(400, n.toString());
        }
        ObjectNode n = Json.object();
        n.put("accepted", queued);
        n.set("rejected", rejectedJson(rejected));
        return new Response(202, n.toString());
    }

    static boolean mediaTypeAccepted(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/plain");
    }

    public static Response error(int status, String code, String message) {
        return new Response(status, errorBody(code, message).toString());
    }

    private static ObjectNode errorBody(String code, String message) {
        ObjectNode n = Json.object();
        n.put("error", code);
        n.put("message", message);
        return n;
    }

    private static ArrayNode rejectedJson(List<TrackingRequest.Rejected> rejected) {
        ArrayNode a = Json.array();
        for (TrackingRequest.Rejected r : rejected) {
            ObjectNode o = a.addObject();
            o.put("index", r.index());
            if (r.eventId() != null) {
                o.put("eventId", r.eventId());
            } else {
                o.putNull("eventId");
            }
            o.set("errors", problems(r.problems()));
        }
        return a;
    }

    private static ArrayNode problems(List<Problem> problems) {
        ArrayNode a = Json.array();
        problems.forEach(p -> a.addObject().put("path", p.path()).put("message", p.message()));
        return a;
    }
}
