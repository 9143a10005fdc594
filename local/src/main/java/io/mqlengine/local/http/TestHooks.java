package io.mqlengine.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.local.clock.TwinClock;
import io.mqlengine.local.model.LiveModels;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The --test-hooks endpoints under /_twin/: move the clock, fire a schedule, ask whether the twin is idle, list the
 * API requests answered, make the next API requests fail, and reload the scoring model.
 */
public final class TestHooks {
    /** What the hooks act on. */
    public interface Twin {
        TwinClock clock();

        /** Fires now; returns the outcome; throws NoSuchElementException for an unknown schedule. */
        String fireSchedule(String logicalId) throws InterruptedException;

        boolean idle();

        /** What keeps the twin busy, or null when idle. */
        String waitingOn();

        /** Reloads the functions' scoring model from its file; a model with problems is refused and the old one kept. */
        default LiveModels.Answer reloadModel() {
            return new LiveModels.Answer(404, Map.of("message", "this twin runs no scoring model"));
        }

        /** The latest re-scoring's progress, started by a reload that changed the model version; empty before. */
        default java.util.Optional<Map<String, Object>> rescoreProgress() {
            return java.util.Optional.empty();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Twin twin;
    private final RequestJournal journal = new RequestJournal();
    private final InjectedFaults faults = new InjectedFaults();

    TestHooks(Twin twin) {
        this.twin = twin;
    }

    /** Records an API request and its answer's status. */
    void record(ApiRequest request, String method, String path, int status) {
        journal.record(request, method, path, status);
    }

    /** The injected answer for the next API request, with this body, if a fault is still due. */
    Optional<HttpResponses.Response> nextFault(byte[] body) {
        return faults.next(body);
    }

    HttpResponses.Response handle(String method, String path, byte[] body) throws InterruptedException {
        try {
            if (path.equals("/_twin/clock") && method.equals("GET")) {
                return HttpResponses.json(200, Map.of("now", twin.clock().instant().toString()));
            }
            if (path.equals("/_twin/clock") && method.equals("POST")) {
                JsonNode request = JSON.readTree(body.length == 0 ? "{}".getBytes() : body);
                Instant now;
                if (request.has("advance")) {
                    now = twin.clock().advance(Duration.parse(request.get("advance").asText()));
                } else if (request.has("set")) {
                    now = twin.clock().set(Instant.parse(request.get("set").asText()));
                } else if (request.has("forwardTo")) {
                    now = twin.clock().forwardTo(Instant.parse(request.get("forwardTo").asText()));
                } else {
                    return HttpResponses.json(400, Map.of("message", "expected {\"advance\":\"PT1H\"}, {\"set\":\"2026-01-01T00:00:00Z\"}"
                            + " or {\"forwardTo\":\"2026-01-01T00:00:00Z\"}"));
                }
                return HttpResponses.json(200, Map.of("now", now.toString()));
            }
            if (path.startsWith("/_twin/schedules/") && method.equals("POST")) {
                String id = path.substring("/_twin/schedules/".length());
                return HttpResponses.json(200, Map.of("schedule", id, "outcome", twin.fireSchedule(id)));
            }
            if (path.equals("/_twin/requests") && method.equals("GET")) {
                return HttpResponses.json(200, Map.of("requests", journal.entries()));
            }
            if (path.equals("/_twin/requests") && method.equals("DELETE")) {
                return HttpResponses.json(200, Map.of("cleared", journal.clear()));
            }
            if (path.equals("/_twin/faults") && method.equals("POST")) {
                return setFaults(JSON.readTree(body.length == 0 ? "{}".getBytes() : body));
            }
            if (path.equals("/_twin/faults") && method.equals("DELETE")) {
                faults.set(0, 0, null, null);
                return HttpResponses.json(200, Map.of("remaining", 0));
            }
            if (path.equals("/_twin/model/reload") && method.equals("POST")) {
                LiveModels.Answer answer = twin.reloadModel();
                return HttpResponses.json(answer.status(), answer.body());
            }
            if (path.equals("/_twin/rescore") && method.equals("GET")) {
                return twin.rescoreProgress().map(p -> HttpResponses.json(200, p)).orElseGet(() -> HttpResponses.json(404,
                        Map.of("message", "no re-scoring has run: POST /_twin/model/reload starts one when the model "
                                + "version changed")));
            }
            if (path.equals("/_twin/idle") && method.equals("GET")) {
                String waitingOn = twin.waitingOn();
                return HttpResponses.json(200, waitingOn == null ? Map.of("idle", true)
                        : Map.of("idle", false, "waitingOn", waitingOn));
            }
            return HttpResponses.message(404, "Not Found");
        } catch (DateTimeParseException | IllegalArgumentException | IOException e) {
            return HttpResponses.json(400, Map.of("message", String.valueOf(e.getMessage())));
        } catch (IllegalStateException e) {
            return HttpResponses.json(409, Map.of("message", String.valueOf(e.getMessage())));
        } catch (NoSuchElementException e) {
            return HttpResponses.json(404, Map.of("message", String.valueOf(e.getMessage())));
        }
    }

    private HttpResponses.Response setFaults(JsonNode request) {
        JsonNode status = request.path("status");
        JsonNode count = request.path("count");
        JsonNode retryAfter = request.path("retryAfter");
        JsonNode bodyContains = request.path("bodyContains");
        List<String> problems = new ArrayList<>();
        if (!status.isInt() || status.intValue() < 400 || status.intValue() > 599) {
            problems.add("status must be an HTTP error status, 400 to 599");
        }
        if (!count.isInt() || count.intValue() < 1 || count.intValue() > 10_000) {
            problems.add("count must be a whole number of requests, 1 to 10000");
        }
        if (!retryAfter.isMissingNode() && (!retryAfter.isInt() || retryAfter.intValue() < 0)) {
            problems.add("retryAfter must be a whole number of seconds, 0 or more");
        }
        if (!bodyContains.isMissingNode() && (!bodyContains.isTextual() || bodyContains.textValue().isEmpty())) {
            problems.add("bodyContains must be a non-empty string");
        }
        if (!problems.isEmpty()) {
            return HttpResponses.json(400, Map.of("message", String.join("; ", problems)
                    + "; expected {\"status\":503,\"count\":2} or {\"status\":429,\"count\":1,\"retryAfter\":1,"
                    + "\"bodyContains\":\"visitor-1\"}"));
        }
        faults.set(status.intValue(), count.intValue(), retryAfter.isMissingNode() ? null : retryAfter.intValue(),
                bodyContains.isMissingNode() ? null : bodyContains.textValue());
        return HttpResponses.json(200, Map.of("status", status.intValue(), "remaining", faults.remaining()));
    }
}
