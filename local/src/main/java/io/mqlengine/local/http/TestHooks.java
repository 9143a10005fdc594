package io.mqlengine.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.local.TwinClock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.NoSuchElementException;

/** The --test-hooks endpoints under /_twin/: move the clock, fire a schedule, ask whether the twin is idle. */
public final class TestHooks {
  /** What the hooks act on. */
  public interface Twin {
    TwinClock clock();

    /** Fires now; returns the outcome; throws NoSuchElementException for an unknown schedule. */
    String fireSchedule(String logicalId) throws InterruptedException;

    boolean idle();

    /** What keeps the twin busy, or null when idle. */
    String waitingOn();
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Twin twin;

  TestHooks(Twin twin) {
    this.twin = twin;
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
      if (path.equals("/_twin/idle") && method.equals("GET")) {
        String waitingOn = twin.waitingOn();
        return HttpResponses.json(200, waitingOn == null ? Map.of("idle", true)
            : Map.of("idle", false, "waitingOn", waitingOn));
      }
      return HttpResponses.message(404, "Not Found");
    } catch (DateTimeParseException | IllegalArgumentException | java.io.IOException e) {
      return HttpResponses.json(400, Map.of("message", String.valueOf(e.getMessage())));
    } catch (IllegalStateException e) {
      return HttpResponses.json(409, Map.of("message", String.valueOf(e.getMessage())));
    } catch (NoSuchElementException e) {
      return HttpResponses.json(404, Map.of("message", String.valueOf(e.getMessage())));
    }
  }
}
