package io.mqlengine.local.bench;

import io.mqlengine.scoring.LeadState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares each lead's final state with the replay of its accepted events. Per lead and rule, a scoring the replay
 * has and the table has not is lost, one the table has more often than the replay is double-counted; a lead whose
 * counts agree must also have the same decayed score at the common instant, within float rounding (the sum of the
 * same increments in another order). A loss and a double count on one rule of one lead cancel out and are not seen.
 */
final class SoakCheck {
    static final double SCORE_TOLERANCE = 1e-6;
    static final int EXAMPLES = 10;

    private SoakCheck() {
    }

    /** What is compared of one lead: how many times each rule scored, and its score at the common instant. */
    record Figures(Map<String, Integer> counts, double score) {
        static final Figures NONE = new Figures(Map.of(), 0);

        Figures {
            counts = Map.copyOf(counts);
        }

        static Figures of(LeadState lead, Instant at) {
            Map<String, Integer> counts = new HashMap<>();
            lead.contributions().forEach((rule, c) -> counts.put(rule, c.count()));
            return new Figures(counts, lead.scoreAt(at));
        }
    }

    /** The totals over every lead, and a few of the differences found, for the report. */
    record Result(long lost, long doubleCounted, int leadsCompared, int leadsDiffering, int scoreMismatches,
                  List<String> examples) {
        boolean clean() {
            return lost == 0 && doubleCounted == 0 && scoreMismatches == 0;
        }
    }

    /** Every lead of either map, by key; a lead absent from one side has no scorings there. */
    static Result compare(Map<String, Figures> expected, Map<String, Figures> actual) {
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        long lost = 0;
        long doubled = 0;
        int differing = 0;
        int scores = 0;
        List<String> examples = new ArrayList<>();
        for (String key : keys) {
            Figures want = expected.getOrDefault(key, Figures.NONE);
            Figures got = actual.getOrDefault(key, Figures.NONE);
            TreeSet<String> rules = new TreeSet<>(want.counts().keySet());
            rules.addAll(got.counts().keySet());
            List<String> diffs = new ArrayList<>();
            for (String rule : rules) {
                int w = want.counts().getOrDefault(rule, 0);
                int g = got.counts().getOrDefault(rule, 0);
                lost += Math.max(0, w - g);
                doubled += Math.max(0, g - w);
                if (w != g) {
                    diffs.add(rule + " " + g + " (replay " + w + ")");
                }
            }
            if (diffs.isEmpty() && Math.abs(want.score() - got.score()) > SCORE_TOLERANCE * Math.max(1, Math.abs(want.score()))) {
                scores++;
                diffs.add(String.format("score %.6f (replay %.6f)", got.score(), want.score()));
            }
            if (!diffs.isEmpty()) {
                differing++;
                if (examples.size() < EXAMPLES) {
                    examples.add(key + ": " + String.join(", ", diffs));
                }
            }
        }
        return new Result(lost, doubled, keys.size(), differing, scores, List.copyOf(examples));
    }
}
