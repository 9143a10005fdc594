package io.mqlengine.scoring;

import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import java.util.List;
import java.util.Set;

/**
 * Which events a rule applies to: types (empty = any), track event names (empty = any), field
 * conditions (all must hold), and optionally only the first event of a return visit.
 */
public record EventMatch(Set<EventType> types, Set<String> events, List<FieldCondition> where, boolean returningOnly) {

    /** True when {@code e} matches; {@code returning} says whether it starts a return visit. */
    public boolean matches(TrackingEvent e, boolean returning) {
        if (!types.isEmpty() && !types.contains(e.type())) {
            return false;
        }
        if (!events.isEmpty() && (e.event() == null || !events.contains(e.event()))) {
            return false;
        }
        if (returningOnly && !returning) {
            return false;
        }
        for (FieldCondition c : where) {
            if (!c.test().test(e.field(c.path()))) {
                return false;
            }
        }
        return true;
    }
}
