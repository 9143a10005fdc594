package io.mqlengine.validation;

import io.mqlengine.json.Problem;
import io.mqlengine.model.TrackingEvent;
import java.time.Instant;
import java.util.List;

/** A parsed tracking request: the events that passed validation and the ones that did not, each by index. */
public record TrackingRequest(String writeKey, Instant sentAt, List<Accepted> accepted, List<Rejected> rejected) {

    /** A valid event and the identify signature the client sent with it, if any. */
    public record Accepted(int index, TrackingEvent event, String userHash) {
    }

    /**
     * An invalid event: its index, its id as the client sent it when readable, its first problems and how many more
     * were found ({@code omitted}).
     */
    public record Rejected(int index, String eventId, List<Problem> problems, int omitted) {
        public Rejected {
            problems = List.copyOf(problems);
        }

        /** Keeps the first {@link Limits#MAX_PROBLEMS_PER_EVENT} of {@code problems} and counts the rest. */
        public Rejected(int index, String eventId, List<Problem> problems) {
            this(index, eventId, problems.subList(0, Math.min(problems.size(), Limits.MAX_PROBLEMS_PER_EVENT)),
                    Math.max(0, problems.size() - Limits.MAX_PROBLEMS_PER_EVENT));
        }
    }
}
