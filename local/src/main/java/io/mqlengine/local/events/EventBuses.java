package io.mqlengine.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.local.emulators.EventBridgeEmulator;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.BusPlan;
import io.mqlengine.local.template.PhysicalNames;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The twin's event buses behind its EventBridge endpoint: the default bus and the template's buses, by name or ARN.
 * Each accepted event is routed to the matching rules' targets and logged (ids and types only, never the detail).
 */
public final class EventBuses implements EventBridgeEmulator.Service {
    private final Map<String, BusPlan> buses;
    private final EventRouter router;
    private final Clock clock;
    private final JsonLines log;

    public EventBuses(Map<String, BusPlan> buses, EventRouter router, Clock clock, JsonLines log) {
        this.buses = buses;
        this.router = router;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public JsonNode putEvents(JsonNode request) {
        PutEvents.Outcome outcome;
        try {
            outcome = PutEvents.apply(request, this::bus, clock.instant());
        } catch (PutEvents.Refused e) {
            throw new EventBridgeEmulator.Failure(e.type(), e.getMessage());
        }
        for (PutEvents.Accepted event : outcome.accepted()) {
            List<String> rules = router.route(event.busName(), event.envelope());
            log.emit("event", "put-event", "bus", event.busName(), "id", event.envelope().get("id").asText(),
                    "source", event.envelope().get("source").asText(), "detailType", event.envelope().get("detail-type").asText(),
                    "rules", rules);
        }
        return outcome.response();
    }

    private Optional<String> bus(String nameOrArn) {
        if (nameOrArn.equals(PhysicalNames.DEFAULT_BUS) || nameOrArn.equals(PhysicalNames.busArn(PhysicalNames.DEFAULT_BUS))) {
            return Optional.of(PhysicalNames.DEFAULT_BUS);
        }
        return buses.values().stream().filter(b -> b.name().equals(nameOrArn) || b.arn().equals(nameOrArn))
                .map(BusPlan::name).findFirst();
    }
}
