package io.mqlengine.scoring;

import io.mqlengine.json.JsonObjectReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the model's {@code disqualify} section: rules that take a lead out, on an event or on a fit field. */
final class DisqualifyReader {

    private DisqualifyReader() {
    }

    /** The rules of the optional {@code disqualify} array of {@code model}. */
    static List<ScoringModel.Disqualifier> read(JsonObjectReader model, RuleIds ids) {
        List<ScoringModel.Disqualifier> disqualifiers = new ArrayList<>();
        for (JsonObjectReader q : model.objects("disqualify", false)) {
            q.onlyFields(Set.of("id", "reason", "when", "fit"));
            String id = ids.read(q);
            String reason = q.string("reason", true);
            EventMatch when = q.has("when") ? EventMatchReader.read(q.object("when", true)) : null;
            FieldCondition fit = q.has("fit") ? FieldConditionReader.read(q.object("fit", true), true) : null;
            if (q.has("when") == q.has("fit")) {
                q.problem(null, "must have exactly one of 'when' (an event) or 'fit' (a fit field test)");
            }
            disqualifiers.add(new ScoringModel.Disqualifier(id, reason, when, fit));
        }
        return List.copyOf(disqualifiers);
    }
}
