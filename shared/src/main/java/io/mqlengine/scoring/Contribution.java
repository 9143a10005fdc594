package io.mqlengine.scoring;

import java.time.Duration;
import java.time.Instant;

/**
 * What one rule has contributed to a lead, for explanations: the decayed points as of {@code lastAt},
 * how many times it scored, and when it last did.
 */
public record Contribution(double points, int count, Instant lastAt) {

    public Contribution plus(double earned, Instant t, Duration halfLife) {
        if (!t.isBefore(lastAt)) {
            return new Contribution(points * decay(lastAt, t, halfLife) + earned, count + 1, t);
        }
        return new Contribution(points + earned * decay(t, lastAt, halfLife), count + 1, lastAt);
    }

    /** With {@code earned} points scored at {@code t} taken back: one count fewer. */
    public Contribution without(double earned, Instant t, Duration halfLife) {
        double back = t.isBefore(lastAt) ? earned * decay(t, lastAt, halfLife) : earned;
        return new Contribution(points - back, Math.max(0, count - 1), lastAt);
    }

    /**
     * Decayed points at {@code now}. Before {@code lastAt} (an event stamped slightly ahead of the clock) the points
     * are worth more, as the score's are: both follow the same curve, so the parts add up to the score at any time.
     */
    public double pointsAt(Instant now, Duration halfLife) {
        return points * decay(lastAt, now, halfLife);
    }

    /** Both contributions together, as of the later of the two {@code lastAt}. */
    public Contribution merge(Contribution other, Duration halfLife) {
        Instant at = lastAt.isAfter(other.lastAt) ? lastAt : other.lastAt;
        return new Contribution(pointsAt(at, halfLife) + other.pointsAt(at, halfLife), count + other.count, at);
    }

    static double decay(Instant from, Instant to, Duration halfLife) {
        return Math.pow(2, -(Duration.between(from, to).toMillis() / (double) halfLife.toMillis()));
    }
}
