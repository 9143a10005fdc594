package io.mqlengine.scoring;

import io.mqlengine.json.JsonObjectReader;
import io.mqlengine.model.Grade;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the model's {@code fit} section: the grade floors and the rules that score a lead's traits. */
final class FitReader {

    private FitReader() {
    }

    static ScoringModel.Fit read(JsonObjectReader f, RuleIds ids) {
        if (f == null) {
            return null;
        }
        f.onlyFields(Set.of("grades", "rules"));
        Map<Grade, Double> floors = floors(f.object("grades", true));
        List<ScoringModel.FitRule> rules = new ArrayList<>();
        for (JsonObjectReader r : f.objects("rules", true)) {
            r.onlyFields(Set.of("id", "description", "when", "points"));
            String id = ids.read(r);
            FieldCondition when = FieldConditionReader.read(r.object("when", true), true);
            Double points = r.number("points", true, -ScoringModelLoader.MAX_POINTS, ScoringModelLoader.MAX_POINTS);
            rules.add(new ScoringModel.FitRule(id, r.string("description", false), when, points == null ? 0 : points));
        }
        return new ScoringModel.Fit(Map.copyOf(floors), List.copyOf(rules));
    }

    /** The lowest fit score of each grade A to D, each below the one above it. */
    private static Map<Grade, Double> floors(JsonObjectReader g) {
        Map<Grade, Double> floors = new EnumMap<>(Grade.class);
        if (g == null) {
            return floors;
        }
        g.onlyFields(Set.of("A", "B", "C", "D"));
        Double previous = null;
        for (Grade grade : List.of(Grade.A, Grade.B, Grade.C, Grade.D)) {
            Double floor = g.number(grade.name(), true, -1e6, 1e6);
            if (floor != null && previous != null && floor >= previous) {
                g.problem(grade.name(), "must be below the floor of the grade above it (" + previous + ")");
            }
            if (floor != null) {
                floors.put(grade, floor);
                previous = floor;
            }
        }
        return floors;
    }
}
