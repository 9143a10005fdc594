package io.mqlengine.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.JsonObjectReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the model's {@code behaviour} section: the rules that score events, each with its cap. */
final class BehaviourReader {

    private BehaviourReader() {
    }

    /** The rules of the {@code behaviour} array of {@code model}, which must hold at least one. */
    static List<ScoringModel.BehaviourRule> read(JsonObjectReader model, RuleIds ids) {
        List<ScoringModel.BehaviourRule> behaviour = new ArrayList<>();
        for (JsonObjectReader r : model.objects("behaviour", true)) {
            r.onlyFields(Set.of("id", "description", "when", "points", "cap"));
            String id = ids.read(r);
            EventMatch when = EventMatchReader.read(r.object("when", true));
            Double points = r.number("points", true, -ScoringModelLoader.MAX_POINTS, ScoringModelLoader.MAX_POINTS);
            Cap cap = cap(r);
            behaviour.add(new ScoringModel.BehaviourRule(id, r.string("description", false), when,
                    points == null ? 0 : points, cap));
        }
        if (behaviour.isEmpty() && !model.hasProblemAt("behaviour")) {
            model.problem("behaviour", "must hold at least one rule");
        }
        return List.copyOf(behaviour);
    }

    private static Cap cap(JsonObjectReader r) {
        JsonNode v = r.value("cap");
        if (v == null || v.isNull()) {
            return new Cap.Unlimited();
        }
        if (v.isTextual() && v.textValue().equals("once")) {
            return new Cap.Once();
        }
        if (!v.isObject()) {
            r.problem("cap", "must be \"once\" or an object {\"per\": duration} or {\"max\": n, \"per\": duration}");
            return new Cap.Unlimited();
        }
        JsonObjectReader c = r.object("cap", true);
        c.onlyFields(Set.of("max", "per"));
        Double max = c.has("max") ? c.number("max", true, 1, 1_000_000) : Double.valueOf(1);
        if (max != null && max != Math.rint(max)) {
            c.problem("max", "must be a whole number");
            max = null;
        }
        Duration per = c.duration("per", true, Duration.ofSeconds(1));
        if (max == null || per == null) {
            return new Cap.Unlimited();
        }
        return new Cap.PerPeriod(max.intValue(), per);
    }
}
