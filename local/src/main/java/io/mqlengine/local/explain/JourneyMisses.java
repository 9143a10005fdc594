package io.mqlengine.local.explain;

import io.mqlengine.journey.Journey;
import io.mqlengine.journey.JourneyRunner;
import io.mqlengine.scoring.Explanation;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a journey's run misses its {@code expect}: one line per expectation missed (steps rejected, the step it
 * qualifies at, grade, stage, top reasons, the stages later sweeps find), each with expected, actual and the step.
 */
final class JourneyMisses {
    private JourneyMisses() {
    }

    static List<String> of(Journey j, JourneyRunner.Result r, ScoringModel model, Instant start) {
        List<String> misses = new ArrayList<>();
        for (JourneyRunner.StepResult s : r.steps()) {
            if (s.event() == null) {
                misses.add("step " + s.number() + ": expected a valid tracking event, was rejected: " + s.problems());
            }
        }
        Integer qualified = r.qualifiedAtStep();
        if (!Objects.equals(qualified, j.qualifiesAtStep())) {
            misses.add("qualifies: expected " + (j.qualifiesAtStep() == null ? "never" : "at step " + j.qualifiesAtStep())
                    + ", " + (qualified == null ? "never qualified" + endState(r, start) : "qualified at step " + qualified
                    + " (" + Explain.offset(r.steps().get(qualified - 1).step().at()) + ")"));
        }
        if (r.end() == null) {
            misses.add("the journey never made a lead: every step was rejected");
            return misses;
        }
        if (r.end().grade() != j.grade()) {
            misses.add("grade: expected " + j.grade() + ", was " + r.end().grade() + " at the end (since step "
                    + since(r, LeadState::grade) + ")");
        }
        if (r.end().stage() != j.stage()) {
            misses.add("stage: expected " + j.stage() + ", was " + r.end().stage() + " at the end (since step "
                    + since(r, LeadState::stage) + ")");
        }
        List<String> reasons = Explanation.topReasons(r.end(), model, r.endedAt(), 3).stream()
                .map(Explanation.Reason::ruleId).toList();
        if (!reasons.equals(j.topReasons())) {
            misses.add("top reasons: expected " + j.topReasons() + ", were " + reasons + " at the end");
        }
        for (JourneyRunner.LaterResult later : r.later()) {
            if (later.state().stage() != later.later().stage()) {
                misses.add(String.format(Locale.ROOT, "sweep on day %d: expected %s, was %s (score %.1f)",
                        later.later().at().toDays(), later.later().stage(), later.state().stage(),
                        later.state().scoreAt(start.plus(later.later().at()))));
            }
        }
        return misses;
    }

    private static String endState(JourneyRunner.Result r, Instant start) {
        if (r.end() == null) {
            return "";
        }
        JourneyRunner.StepResult last = r.steps().get(r.steps().size() - 1);
        return String.format(Locale.ROOT, "; after the last step, %d, score %.1f, grade %s, stage %s", last.number(),
                r.end().scoreAt(start.plus(last.step().at())), r.end().grade(), r.end().stage());
    }

    /** The first step from which the subject's {@code property} kept its final value. */
    private static <T> int since(JourneyRunner.Result r, Function<LeadState, T> property) {
        T last = property.apply(r.end());
        int since = r.steps().size();
        for (int i = r.steps().size() - 1; i >= 0; i--) {
            LeadState after = r.steps().get(i).after();
            if (after == null || !Objects.equals(property.apply(after), last)) {
                break;
            }
            since = i + 1;
        }
        return since;
    }
}
