package io.mqlengine.journey;

import io.mqlengine.scoring.Explanation;
import io.mqlengine.scoring.ScoringModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether a journey, run through the engine in memory under a model, still meets its {@code expect}: the step it
 * qualifies at, grade, final stage, top three reasons and the stages later sweeps find; each miss is one line.
 */
public record JourneyCheck(Journey journey, Integer qualifiedAtStep, String grade, String stage, List<String> topReasons,
                           double score, List<String> misses) {
    /** The instant every journey starts at, the same as the journey tests', so a result here is one there. */
    public static final Instant START = Instant.parse("2026-06-01T09:00:00Z");

    public boolean meets() {
        return misses.isEmpty();
    }

    public static JourneyCheck of(Journey j, ScoringModel model) {
        JourneyRunner.Result r = new JourneyRunner(model, "console-journey-check").run(j, START);
        List<String> misses = new ArrayList<>();
        r.steps().stream().filter(s -> s.event() == null).forEach(s ->
                misses.add("step " + s.number() + ": rejected (" + s.problems() + ")"));
        Integer qualified = r.qualifiedAtStep();
        if (!Objects.equals(qualified, j.qualifiesAtStep())) {
            misses.add("qualifies: expected " + step(j.qualifiesAtStep()) + ", " + step(qualified));
        }
        if (r.end() == null) {
            misses.add("the journey never made a lead: every step was rejected");
            return new JourneyCheck(j, qualified, null, null, List.of(), 0, List.copyOf(misses));
        }
        List<String> reasons = Explanation.topReasons(r.end(), model, r.endedAt(), 3).stream()
                .map(Explanation.Reason::ruleId).toList();
        if (r.end().grade() != j.grade()) {
            misses.add("grade: expected " + j.grade() + ", was " + r.end().grade());
        }
        if (r.end().stage() != j.stage()) {
            misses.add("stage: expected " + j.stage() + ", was " + r.end().stage());
        }
        if (!reasons.equals(j.topReasons())) {
            misses.add("top reasons: expected " + j.topReasons() + ", were " + reasons);
        }
        for (JourneyRunner.LaterResult later : r.later()) {
            if (later.state().stage() != later.later().stage()) {
                misses.add("sweep on day " + later.later().at().toDays() + ": expected " + later.later().stage() + ", was "
                        + later.state().stage());
            }
        }
        return new JourneyCheck(j, qualified, r.end().grade().name(), r.end().stage().name(), reasons,
                r.end().scoreAt(r.endedAt()), List.copyOf(misses));
    }

    private static String step(Integer n) {
        return n == null ? "never" : "at step " + n;
    }
}
