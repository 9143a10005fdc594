package io.mqlengine.scoring;

import io.mqlengine.json.JsonObjectReader;
import io.mqlengine.model.Grade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the model's {@code mql} section: the threshold, the minimum grade, the hold and the fast-track rules. */
final class MqlReader {

    private MqlReader() {
    }

    static ScoringModel.Mql read(JsonObjectReader m) {
        if (m == null) {
            return null;
        }
        m.onlyFields(Set.of("threshold", "minGrade", "holdFor", "fastTrack"));
        Double threshold = m.number("threshold", true, 1, 1e6);
        Grade minGrade = grade(m, "minGrade");
        Duration hold = m.has("holdFor") ? m.duration("holdFor", true, Duration.ZERO) : Duration.ofDays(14);
        List<ScoringModel.FastTrack> fast = new ArrayList<>();
        RuleIds ids = new RuleIds(); // fast-track ids are a namespace of their own
        for (JsonObjectReader f : m.objects("fastTrack", false)) {
            f.onlyFields(Set.of("id", "description", "when", "minGrade", "within"));
            Duration within = f.has("within") ? f.duration("within", true, Duration.ofMinutes(1)) : Duration.ofDays(30);
            fast.add(new ScoringModel.FastTrack(ids.read(f), f.string("description", false),
                    EventMatchReader.read(f.object("when", true)), grade(f, "minGrade"), within));
        }
        return new ScoringModel.Mql(threshold == null ? 0 : threshold, minGrade, hold, List.copyOf(fast));
    }

    private static Grade grade(JsonObjectReader d, String field) {
        String g = d.string(field, true);
        if (g == null) {
            return null;
        }
        try {
            return Grade.valueOf(g);
        } catch (IllegalArgumentException e) {
            d.problem(field, "must be one of A, B, C, D, F, was '" + g + "'");
            return null;
        }
    }
}
