package io.mqlengine.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.config.AllowedOrigins;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.queue.EventEnvelope;
import io.mqlengine.queue.EventQueue;
import io.mqlengine.validation.InvalidRequestException;
import io.mqlengine.validation.Limits;
import io.mqlengine.json.Problem;
import io.mqlengine.validation.Route;
import io.mqlengine.validation.TrackingRequest;
import io.mqlengine.validation.TrackingRequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tracking API: authenticates the site (origin allow-list, write key from the body or HTTP Basic auth), checks
 * size, media type and content coding, validates every event (ours, or Segment's messages on Segment's routes),
 * optionally verifies identify signatures, and enqueues what it accepts. It never touches the leads table. Answers
 * are JSON with a reason for every refusal, listing at most {@link Limits#MAX_PROBLEMS_PER_EVENT} problems per event
 * and {@link Limits#MAX_PROBLEMS_PER_REQUEST} per answer, with how many more there were ({@link IngestAnswers}).
 * The signature check is {@link IdentifySignatures}.
 *
 * <p>Two lanes: a request with a hand-raising event (one a fast-track rule matches, such as a demo request)
 * goes whole to the hand-raiser queue, which the scorer reads without a batching window; everything else
 * goes to the events queue, read in large batches. The whole request, so that an identify sent with the
 * demo request is scored with it.
 */
public final class IngestService {
    /** A gzip body may decompress to this many bytes (Segment's batch limit is 500 KB), no more. */
    public static final int MAX_DECODED_BYTES = 512 * 1024;

    private final Settings settings;
    private final EventQueue queue;
    private final EventQueue handRaiserQueue;
    private final Predicate<TrackingEvent> raisesHand;
    private final Clock clock;
    private final TrackingRequestParser parser;
    private final IdentifySignatures signatures;

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
        this.signatures = new IdentifySignatures(settings.identitySecret());
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
        String segment = "{\"batch\":[{\"type\":\"identify\",\"userId\":\"prime\",\"messageId\":\"prime-3\","
                + "\"timestamp\":\"" + now + "\",\"traits\":{\"name\":\"Prime Example\",\"company\":{\"name\":\"P\"}}}]}";
        parser.parse(TrackingRequestParser.read(segment.getBytes(StandardCharsets.UTF_8)),
                Route.forPath("/v1/batch").orElseThrow(), "w", now);
        request.accepted().forEach(a -> raisesHand.test(a.event()));
        List<EventEnvelope> envelopes = request.accepted().stream().map(a -> new EventEnvelope(a.event(), now)).toList();
        envelopes.forEach(EventEnvelope::toJson);
    }

    /** True when a browser at {@code origin} may call the API (no Origin header: a server, allowed). */
    public boolean originAllowed(String origin) {
        return origin == null || settings.allowedOrigins().allows(origin);
    }

    /** Handles a POST to /v1/events with the write key in the body, its body already decoded from base64. */
    public Response accept(byte[] body, String contentType, String origin) {
        return accept(Route.EVENTS, body, contentType == null ? Map.of() : Map.of("content-type", contentType), origin);
    }

    /**
     * Handles a POST to {@code route} whose body is already decoded from API Gateway's base64; {@code headers} by
     * lower-case name (content-type, content-encoding, authorization are read).
     */
    public Response accept(Route route, byte[] body, Map<String, String> headers, String origin) {
        Instant receivedAt = clock.instant();
        if (!originAllowed(origin)) {
            return error(403, "origin_not_allowed", "origin " + origin + " is not in the allow-list of this deployment");
        }
        String contentType = headers.get("content-type");
        if (!mediaTypeAccepted(contentType, route)) {
            return error(415, "unsupported_media_type", "content-type must be application/json or text/plain"
                    + (route.segment() ? " (or application/x-www-form-urlencoded holding JSON)" : "") + ", was "
                    + contentType);
        }
        if (body.length > settings.maxBodyBytes()) {
            return error(413, "payload_too_large", "body has " + body.length + " bytes; at most "
                    + settings.maxBodyBytes());
        }
        String headerKey;
        try {
            headerKey = BasicAuth.writeKey(headers.get("authorization"));
        } catch (BasicAuth.Malformed e) {
            return error(401, "invalid_write_key", e.getMessage());
        }
        if (headerKey != null && !settings.writeKeys().contains(headerKey)) {
            return IngestAnswers.unknownKey();
        }
        JsonNode root;
        try {
            root = TrackingRequestParser.read(RequestBody.decode(headers.get("content-encoding"), body,
                    MAX_DECODED_BYTES));
        } catch (RequestBody.Refused e) {
            return error(e.status(), e.code(), e.getMessage());
        } catch (InvalidRequestException e) {
            return IngestAnswers.invalid(e);
        }
        if (!root.isObject()) {
            return IngestAnswers.invalid(
                    new InvalidRequestException(List.of(new Problem("$", "must be a JSON object"))));
        }
        // the write key before the events: a stranger's request costs one parse, and gets no list of its problems
        String key = headerKey != null ? headerKey : TrackingRequestParser.writeKey(root);
        if (key == null) {
            return error(401, "missing_write_key", "send the write key as writeKey in the body or as the username of "
                    + "HTTP Basic auth");
        }
        if (!settings.writeKeys().contains(key)) {
            return IngestAnswers.unknownKey();
        }
        TrackingRequest request;
        try {
            request = parser.parse(root, route, headerKey, receivedAt);
        } catch (InvalidRequestException e) {
            return IngestAnswers.invalid(e);
        }
        List<TrackingRequest.Rejected> rejected = new ArrayList<>(request.rejected());
        List<TrackingRequest.Accepted> accepted = signatures.verify(route, request.accepted(), rejected);
        rejected.sort(Comparator.comparingInt(TrackingRequest.Rejected::index));
        if (accepted.isEmpty()) {
            return IngestAnswers.noValidEvents("no event in the request is valid; nothing was accepted", rejected);
        }
        EventEnvelope envelope = new EventEnvelope(accepted.stream().map(TrackingRequest.Accepted::event).toList(),
                receivedAt);
        boolean handRaised = accepted.stream().anyMatch(a -> raisesHand.test(a.event()));
        EventQueue.SendResult sent = (handRaised ? handRaiserQueue : queue).send(envelope);
        if (!sent.unavailable().isEmpty()) {
            return IngestAnswers.unavailable(sent.unavailable().size(), accepted.size());
        }
        // refused by the queue for their content: sending them again cannot succeed, so they are rejected, not retried
        sent.refused().forEach((i, reason) -> rejected.add(new TrackingRequest.Rejected(accepted.get(i).index(),
                accepted.get(i).event().eventId(), List.of(new Problem(route.eventPath(accepted.get(i).index()),
                "was refused by the events queue (" + reason + "); sending it again cannot succeed")))));
        rejected.sort(Comparator.comparingInt(TrackingRequest.Rejected::index));
        int queued = accepted.size() - sent.refused().size();
        if (queued == 0) {
            return IngestAnswers.noValidEvents("the events queue refused every valid event of the request; "
                    + "nothing was accepted", rejected);
        }
        return IngestAnswers.accepted(queued, rejected);
    }

    /**
     * JSON as application/json, or as text/plain (sendBeacon and analytics.js send it so, to stay a simple CORS
     * request). On Segment's routes also application/x-www-form-urlencoded: RudderStack's Node SDK posts its gzipped
     * JSON without a content type and its HTTP client labels it so.
     */
    static boolean mediaTypeAccepted(String contentType, Route route) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/plain")
                || route.segment() && type.equals("application/x-www-form-urlencoded");
    }

    /** A refusal as JSON: {@code error} holds {@code code}, {@code message} says what is wrong. */
    public static Response error(int status, String code, String message) {
        return IngestAnswers.error(status, code, message);
    }

    /** The 400 answer naming every problem of an invalid request by its JSON path. */
    public static Response invalid(InvalidRequestException e) {
        return IngestAnswers.invalid(e);
    }
}
