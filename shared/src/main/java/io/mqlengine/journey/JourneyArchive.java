package io.mqlengine.journey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.archive.EventSource;
import io.mqlengine.json.Json;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.validation.Limits;
import io.mqlengine.validation.TrackingRequest;
import io.mqlengine.validation.TrackingRequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Journeys as an event archive: every step of every journey, all started at the same instant, as ingest would have
 * accepted it at its time (the event ids are those {@link JourneyRunner} gives); steps ingest refuses are left out,
 * as they never reach an archive. Lets a what-if run on the journeys.
 */
public final class JourneyArchive implements EventSource {
    private final List<TrackingEvent> events;

    public JourneyArchive(List<Journey> journeys, Instant start) {
        TrackingRequestParser parser = new TrackingRequestParser(Limits.DEFAULT);
        List<TrackingEvent> all = new ArrayList<>();
        for (Journey j : journeys) {
            for (int i = 0; i < j.steps().size(); i++) {
                Journey.Step step = j.steps().get(i);
                ObjectNode request = Json.object().put("writeKey", "journey");
                request.putArray("events").add(step.eventAt(j.file() + "-" + (i + 1), start));
                TrackingRequest parsed = parser.parse(request.toString().getBytes(StandardCharsets.UTF_8),
                        start.plus(step.at()));
                parsed.accepted().forEach(a -> all.add(a.event()));
            }
        }
        this.events = List.copyOf(all);
    }

    /** The accepted events, journey by journey. */
    public List<TrackingEvent> events() {
        return events;
    }

    @Override
    public void forEach(Consumer<TrackingEvent> each) {
        events.forEach(each);
    }
}
