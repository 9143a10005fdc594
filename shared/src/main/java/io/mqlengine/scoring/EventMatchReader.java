package io.mqlengine.scoring;

import io.mqlengine.json.JsonObjectReader;
import io.mqlengine.model.EventType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads a rule's {@code when}: the event types and names it matches, field conditions, and return visits only. */
final class EventMatchReader {

    private EventMatchReader() {
    }

    static EventMatch read(JsonObjectReader w) {
        if (w == null) {
            return null;
        }
        w.onlyFields(Set.of("type", "event", "where", "returning"));
        Set<EventType> types = new LinkedHashSet<>();
        for (String name : w.strings("type", false)) {
            EventType.fromWire(name).ifPresentOrElse(types::add,
                    () -> w.problem("type", "must be page, track or identify"));
        }
        Set<String> events = new LinkedHashSet<>(w.strings("event", false));
        if (!events.isEmpty() && !types.isEmpty() && !types.equals(Set.of(EventType.TRACK))) {
            w.problem("event", "only applies to type track");
        }
        if (!events.isEmpty() && types.isEmpty()) {
            types.add(EventType.TRACK);
        }
        List<FieldCondition> where = new ArrayList<>();
        for (JsonObjectReader c : w.objects("where", false)) {
            FieldCondition fc = FieldConditionReader.read(c, false);
            if (fc != null) {
                where.add(fc);
            }
        }
        Boolean returning = w.bool("returning");
        return new EventMatch(Set.copyOf(types), Set.copyOf(events), List.copyOf(where),
                returning != null && returning);
    }
}
