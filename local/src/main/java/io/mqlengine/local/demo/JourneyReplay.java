package io.mqlengine.local.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.journey.Journey;
import io.mqlengine.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Replays journeys through the twin's HTTP API in accelerated time: every step is posted as its own
 * request at its offset from {@code start}, the twin's clock moved to that moment first; after each day of
 * steps the pipeline is left to settle.
 */
public final class JourneyReplay {
    /** Moves the twin's clock and waits for its pipeline: in-process, or over the test hooks. */
    public interface Control {
        /** Moves the clock forward to {@code t}; does nothing when the clock is already past it. */
        void forwardTo(Instant t);

        boolean awaitIdle(Duration timeout);
    }

    /** One posted step and the API's answer. */
    public record Posted(Journey journey, int step, int status, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI events;
    private final String writeKey;
    private final Control control;

    public JourneyReplay(String apiUrl, String writeKey, Control control) {
        this.events = URI.create(apiUrl.replaceAll("/$", "") + "/v1/events");
        this.writeKey = writeKey;
        this.control = control;
    }

    /** Posts every step of every journey; {@code progress} hears one line per simulated day. */
    public List<Posted> replay(List<Journey> journeys, Instant start, Consumer<String> progress) {
        record Item(Journey journey, int index, Journey.Step step) {
        }
        Map<Long, List<Item>> days = new TreeMap<>();
        for (Journey j : journeys) {
            for (int i = 0; i < j.steps().size(); i++) {
                Journey.Step s = j.steps().get(i);
                days.computeIfAbsent(s.at().toDays(), d -> new ArrayList<>()).add(new Item(j, i, s));
            }
        }
        List<Posted> posted = new ArrayList<>();
        for (Map.Entry<Long, List<Item>> day : days.entrySet()) {
            List<Item> items = day.getValue();
            items.sort(Comparator.comparing((Item x) -> x.step().at()).thenComparing(x -> x.journey().file())
                    .thenComparingInt(Item::index));
            for (Item x : items) {
                Instant at = start.plus(x.step().at());
                control.forwardTo(at);
                ObjectNode request = Json.object().put("writeKey", writeKey).put("sentAt", at.toString());
                request.putArray("events").add(x.step().eventAt(x.journey().file() + "-" + (x.index() + 1), start));
                HttpResponse<String> r = post(request.toString());
                posted.add(new Posted(x.journey(), x.index() + 1, r.statusCode(), r.body()));
            }
            if (!control.awaitIdle(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the pipeline did not settle within 60 s after day " + day.getKey());
            }
            progress.accept("day " + day.getKey() + ": " + items.size() + " event" + (items.size() == 1 ? "" : "s") + " from "
                    + items.stream().map(x -> x.journey().file()).distinct().count() + " journeys");
        }
        return posted;
    }

    private HttpResponse<String> post(String body) {
        HttpRequest request = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + events + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting to " + events, e);
        }
    }
}
