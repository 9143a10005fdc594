package io.mqlengine.scoring;

import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finds bursts of the model's burst event (an email link click): {@code burstClicks} of them within
 * {@code burstWithin} are a scanner following every link of an email, not a person. Every click of a burst scores
 * nothing: the one that completes it is not scored, and those of it that scored already are taken back (points,
 * count, cap window). A qualification already written stays: scoring never moves a stage back. The lead keeps its
 * last {@code burstClicks - 1} clicks and what they scored ({@link LeadState.Click}); the comparison is by event
 * time, so the order the clicks arrive in does not matter.
 */
final class ClickBursts {
    private final ScoringModel model;

    ClickBursts(ScoringModel model) {
        this.model = model;
    }

    /** True for an event the burst rule watches. */
    boolean watches(TrackingEvent e) {
        return e.type() == EventType.TRACK && model.bots().burstEvent().equals(e.event());
    }

    /**
     * True when a click at {@code at} completes a burst with the lead's kept clicks; those of the burst are then
     * taken back from {@code b}, with the score increments added to {@code increments}.
     */
    boolean burst(LeadState.Builder b, Instant at, Map<Long, Double> increments) {
        Duration within = model.bots().burstWithin();
        List<LeadState.Click> near = b.clicks.stream()
                .filter(c -> Duration.between(c.at(), at).abs().compareTo(within) <= 0).toList();
        if (near.size() + 1 < model.bots().burstClicks()) {
            return false;
        }
        for (LeadState.Click c : near) {
            takeBack(b, c, increments);
            b.clicks.set(b.clicks.indexOf(c), new LeadState.Click(c.at(), Map.of()));
        }
        return true;
    }

    /** Keeps a click that scored normally, and what it scored, dropping the oldest beyond what a burst needs. */
    void remember(LeadState.Builder b, Instant at, Map<String, Double> scored) {
        List<LeadState.Click> kept = new ArrayList<>(b.clicks);
        kept.add(new LeadState.Click(at, scored));
        kept.sort(Comparator.comparing(LeadState.Click::at));
        int keep = model.bots().burstClicks() - 1;
        b.clicks = new ArrayList<>(kept.subList(Math.max(0, kept.size() - keep), kept.size()));
    }

    private void takeBack(LeadState.Builder b, LeadState.Click c, Map<Long, Double> increments) {
        c.scored().forEach((rule, points) -> {
            Contribution was = b.contributions.get(rule);
            if (was == null) {
                // the points are gone already (a sales outcome reset the score): nothing to take back
                return;
            }
            DecayedScore.Increment inc = b.score.increment(-points, c.at());
            b.score = b.score.plus(inc);
            increments.merge(inc.era(), inc.amount(), Double::sum);
            b.contributions.put(rule, was.without(points, c.at(), model.halfLife()));
            CapWindow w = b.caps.get(rule);
            if (w != null && w.count() > 0 && !c.at().isBefore(w.start())) {
                b.caps.put(rule, new CapWindow(w.start(), w.count() - 1));
            }
        });
    }
}
