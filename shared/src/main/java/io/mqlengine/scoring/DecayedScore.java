package io.mqlengine.scoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An exponentially decaying score stored with forward decay in era buckets.
 *
 * <p>Era {@code e} starts at {@code L_e = LANDMARK + e * 32 half-lives}. Points {@code p} earned at time
 * {@code t} add {@code p * 2^((t - L_e)/h)} to the sum of the era holding {@code t}: one additive update, no
 * read. The value at {@code t} is {@code sum_e S_e * 2^(-(t - L_e)/h)}. Inside an era the factor stays
 * below {@code 2^32}, so stored sums stay far inside DynamoDB's range (|x| < 1e125, 38 digits) for any time
 * however far from the landmark. An era two or more behind the present contributes less than
 * {@code 2^-32} of its points and is dropped.
 */
public record DecayedScore(Duration halfLife, NavigableMap<Long, Double> eras) {
    /** Fixed landmark of era 0. */
    public static final Instant LANDMARK = Instant.parse("2020-01-01T00:00:00Z");
    /** Era length in half-lives. */
    public static final int ERA_HALF_LIVES = 32;

    public DecayedScore {
        if (halfLife.isZero() || halfLife.isNegative()) {
            throw new IllegalArgumentException("half-life must be positive");
        }
        eras = Collections.unmodifiableNavigableMap(new TreeMap<>(eras));
    }

    public static DecayedScore zero(Duration halfLife) {
        return new DecayedScore(halfLife, new TreeMap<>());
    }

    /** The additive update for points earned at one time: add {@code amount} to era {@code era}'s sum. */
    public record Increment(long era, double amount) {
    }

    private double halfLifeSeconds() {
        return halfLife.toMillis() / 1000.0;
    }

    public long eraSeconds() {
        return halfLife.getSeconds() * ERA_HALF_LIVES;
    }

    public long eraOf(Instant t) {
        return Math.floorDiv(t.getEpochSecond() - LANDMARK.getEpochSecond(), eraSeconds());
    }

    public Instant eraStart(long era) {
        return LANDMARK.plusSeconds(era * eraSeconds());
    }

    /** The update that adds {@code points} earned at {@code t}. */
    public Increment increment(double points, Instant t) {
        long era = eraOf(t);
        return new Increment(era, points * Math.pow(2, seconds(eraStart(era), t) / halfLifeSeconds()));
    }

    /** This score with {@code points} earned at {@code t} added. */
    public DecayedScore plus(double points, Instant t) {
        return plus(increment(points, t));
    }

    public DecayedScore plus(Increment inc) {
        TreeMap<Long, Double> next = new TreeMap<>(eras);
        next.merge(inc.era(), inc.amount(), Double::sum);
        return new DecayedScore(halfLife, next);
    }

    /** The score at {@code t}. */
    public double valueAt(Instant t) {
        double sum = 0;
        for (Map.Entry<Long, Double> e : eras.entrySet()) {
            sum += e.getValue() * Math.pow(2, -seconds(eraStart(e.getKey()), t) / halfLifeSeconds());
        }
        return sum;
    }

    /**
     * The first instant at or after {@code from} when the score is below {@code threshold}, or empty when
     * it never will be (a score at or below zero only rises toward zero).
     */
    public Optional<Instant> fallsBelow(double threshold, Instant from) {
        if (valueAt(from) < threshold) {
            return Optional.of(from);
        }
        if (threshold <= 0 || eras.isEmpty()) {
            return Optional.empty();
        }
        // every era decays at the same rate, so the sum is K * 2^(-(t - L)/h) for one K: solve for t
        Instant reference = eraStart(eras.lastKey());
        double k = valueAt(reference);
        double seconds = halfLifeSeconds() * (Math.log(k / threshold) / Math.log(2));
        Instant crossing = reference.plusMillis(Math.round(seconds * 1000));
        return Optional.of(crossing.isBefore(from) ? from : crossing);
    }

    /** Drops eras that contribute less than 2^-32 of their points at {@code now}. */
    public DecayedScore trimmed(Instant now) {
        long oldest = eraOf(now) - 1;
        if (eras.isEmpty() || eras.firstKey() >= oldest) {
            return this;
        }
        return new DecayedScore(halfLife, new TreeMap<>(eras.tailMap(oldest, true)));
    }

    /**
     * The same current value at {@code now} under another half-life: used when the model's half-life
     * changes, so past points keep their present weight and decay at the new rate from now on.
     */
    public DecayedScore rebased(Duration newHalfLife, Instant now) {
        return zero(newHalfLife).plus(valueAt(now), now);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
