package io.mqlengine.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.validation.InvalidRequestException;
import io.mqlengine.validation.Limits;
import io.mqlengine.json.Problem;
import io.mqlengine.validation.TrackingRequest;
import java.util.List;

/**
 * The tracking API's answers as JSON: a refusal names its reason ({@code error}, {@code message}); an answer about
 * events lists the rejected ones with at most {@link Limits#MAX_PROBLEMS_PER_REQUEST} problems in all, and says
 * how many more there were.
 */
final class IngestAnswers {

    private IngestAnswers() {
    }

    /** A refusal with its status, a stable code and a message for the developer. */
    static IngestService.Response error(int status, String code, String message) {
        return new IngestService.Response(status, errorBody(code, message).toString());
    }

    static IngestService.Response unknownKey() {
        return error(401, "invalid_write_key", "writeKey is not a write key of this deployment");
    }

    /** The request itself is unusable: its problems, up to what the exception kept. */
    static IngestService.Response invalid(InvalidRequestException e) {
        ObjectNode n = errorBody("invalid_request", "the request is not a valid tracking request");
        n.set("errors", problems(e.problems()));
        if (e.omitted() > 0) {
            n.put("errorsOmitted", e.omitted());
        }
        return new IngestService.Response(400, n.toString());
    }

    /** Nothing was accepted, for {@code message}'s reason; every event is in {@code rejected}. */
    static IngestService.Response noValidEvents(String message, List<TrackingRequest.Rejected> rejected) {
        ObjectNode n = errorBody("no_valid_events", message);
        n.put("accepted", 0);
        n.set("rejected", rejectedJson(rejected));
        return new IngestService.Response(400, n.toString());
    }

    /** The queue could not take {@code unavailable} of the {@code accepted} events: the client is to send again. */
    static IngestService.Response unavailable(int unavailable, int accepted) {
        return error(503, "unavailable", unavailable + " of " + accepted
                + " events could not be queued; send the request again (events are deduplicated by eventId)");
    }

    /** {@code queued} events were queued; the others are in {@code rejected}. */
    static IngestService.Response accepted(int queued, List<TrackingRequest.Rejected> rejected) {
        ObjectNode n = Json.object();
        n.put("accepted", queued);
        n.set("rejected", rejectedJson(rejected));
        return new IngestService.Response(202, n.toString());
    }

    private static ObjectNode errorBody(String code, String message) {
        ObjectNode n = Json.object();
        n.put("error", code);
        n.put("message", message);
        return n;
    }

    /**
     * Every rejected event by index and id; their problems until {@link Limits#MAX_PROBLEMS_PER_REQUEST} are listed,
     * and each event says how many of its own were left out ({@code errorsOmitted}).
     */
    private static ArrayNode rejectedJson(List<TrackingRequest.Rejected> rejected) {
        ArrayNode a = Json.array();
        int budget = Limits.MAX_PROBLEMS_PER_REQUEST;
        for (TrackingRequest.Rejected r : rejected) {
            ObjectNode o = a.addObject();
            o.put("index", r.index());
            if (r.eventId() != null) {
                o.put("eventId", r.eventId());
            } else {
                o.putNull("eventId");
            }
            int listed = Math.min(budget, r.problems().size());
            budget -= listed;
            o.set("errors", problems(r.problems().subList(0, listed)));
            int omitted = r.omitted() + r.problems().size() - listed;
            if (omitted > 0) {
                o.put("errorsOmitted", omitted);
            }
        }
        return a;
    }

    private static ArrayNode problems(List<Problem> problems) {
        ArrayNode a = Json.array();
        problems.forEach(p -> a.addObject().put("path", p.path()).put("message", p.message()));
        return a;
    }
}
