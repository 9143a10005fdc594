package io.mqlengine.scoring;

import io.mqlengine.model.Grade;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.TrackingEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scoring model: a versioned document marketing operations own. Loaded and checked by
 * {@link ScoringModelLoader}; everything here is immutable.
 */
public record ScoringModel(String version, Duration halfLife, Duration sessionTimeout, Mql mql,
                           double recycleThreshold, Duration staleAfter, Duration handoffRetryAfter,
                           List<BehaviourRule> behaviour, Fit fit, List<Disqualifier> disqualifiers,
                           EmailDomains emailDomains, Bots bots, Outcomes outcomes, Sla sla) {

    /** A model with the default {@link Outcomes#DEFAULT outcomes} and {@link Sla#DEFAULT SLA} sections. */
    public ScoringModel(String version, Duration halfLife, Duration sessionTimeout, Mql mql, double recycleThreshold,
                        Duration staleAfter, Duration handoffRetryAfter, List<BehaviourRule> behaviour, Fit fit,
                        List<Disqualifier> disqualifiers, EmailDomains emailDomains, Bots bots) {
        this(version, halfLife, sessionTimeout, mql, recycleThreshold, staleAfter, handoffRetryAfter, behaviour, fit,
                disqualifiers, emailDomains, bots, Outcomes.DEFAULT, Sla.DEFAULT);
    }

    /**
     * What each sales outcome does to the score: {@code points} added at the outcome's time (in the breakdown as rule
     * {@code outcome:<outcome>}), after the engagement score was reset to zero when {@code resetScore}.
     */
    public record OutcomeRule(double points, boolean resetScore) {
        public static final OutcomeRule NONE = new OutcomeRule(0, false);
    }

    /** The outcome rules by outcome; an outcome absent from the map changes no points. */
    public record Outcomes(Map<SalesOutcome.Kind, OutcomeRule> rules) {
        /** After Salesforce MCAE's defaults: a rejection costs 30 points, a lost deal 100, a won deal none. */
        public static final Outcomes DEFAULT = new Outcomes(Map.of(
                SalesOutcome.Kind.REJECTED, new OutcomeRule(-30, false),
                SalesOutcome.Kind.LOST, new OutcomeRule(-100, false)));

        public Outcomes {
            rules = Map.copyOf(rules);
        }

        public OutcomeRule of(SalesOutcome.Kind kind) {
            return rules.getOrDefault(kind, OutcomeRule.NONE);
        }
    }

    /**
     * How long an MQL may wait for sales' {@code accepted}: {@code accept} after a qualification by score,
     * {@code fastTrackAccept} after a fast-track one (a hand-raiser waits minutes, not a day).
     */
    public record Sla(Duration accept, Duration fastTrackAccept) {
        /** After Marketo's practice: a day to follow up, five minutes for a hand-raiser. */
        public static final Sla DEFAULT = new Sla(Duration.ofHours(24), Duration.ofMinutes(5));
    }

    /** When an MQL qualified at {@code qualifiedAt} by {@code qualifiedBy} misses its accept SLA. */
    public java.time.Instant slaDue(java.time.Instant qualifiedAt, String qualifiedBy) {
        boolean fastTrack = mql.fastTrack().stream().anyMatch(ft -> ft.id().equals(qualifiedBy));
        return qualifiedAt.plus(fastTrack ? sla.fastTrackAccept() : sla.accept());
    }

    /**
     * What marks a lead as a bot. {@code maxEventsPerDay}: events a lead may have scored per UTC day of processing;
     * the rest are not scored (nor remembered), the lead is flagged. {@code burstEvent}: an event (an email link
     * click) that a person does not repeat {@code burstClicks} times within {@code burstWithin}; a security scanner
     * that follows every link of an email does, and such clicks score nothing.
     */
    public record Bots(int maxEventsPerDay, String burstEvent, int burstClicks, Duration burstWithin) {
        public static final Bots DEFAULT = new Bots(1000, "Email Link Clicked", 2, Duration.ofSeconds(1));
    }

    /** The MQL rule: score at least {@code threshold} and grade at least {@code minGrade}, or a fast track. */
    public record Mql(double threshold, Grade minGrade, Duration holdFor, List<FastTrack> fastTrack) {
    }

    /**
     * True when {@code e} matches the event of a fast-track rule, whatever the lead's grade or visit: the API
     * sends such a request on the hand-raiser lane. A rule limited to return visits counts too, as the API
     * cannot know whether a visit is a return.
     */
    public boolean raisesHand(TrackingEvent e) {
        for (FastTrack ft : mql.fastTrack()) {
            if (ft.when().matches(e, true)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A hand-raiser: a matching event from a lead graded {@code minGrade} or better qualifies at once. The
     * event also counts when the grade becomes good enough later (an anonymous demo request, then the
     * identify), as long as that is {@code within} of the event.
     */
    public record FastTrack(String id, String description, EventMatch when, Grade minGrade, Duration within) {
    }

    /** Points for behaviour. */
    public record BehaviourRule(String id, String description, EventMatch when, double points, Cap cap) {
    }

    /** Fit rules add points to a fit score; the grade is the best whose floor the fit score reaches. */
    public record Fit(Map<Grade, Double> floors, List<FitRule> rules) {
        public Grade grade(double fitScore) {
            for (Grade g : List.of(Grade.A, Grade.B, Grade.C, Grade.D)) {
                if (fitScore >= floors.get(g)) {
                    return g;
                }
            }
            return Grade.F;
        }
    }

    /** Points when a fit field (a trait, or {@code emailDomainClass}) passes a test. */
    public record FitRule(String id, String description, FieldCondition when, double points) {
    }

    /** Takes a lead out of the funnel: on a matching event, or when a fit field passes a test. */
    public record Disqualifier(String id, String reason, EventMatch when, FieldCondition fit) {
    }

    /** Email domain lists; a domain on none of them is {@code business}. */
    public record EmailDomains(Set<String> free, Set<String> disposable, Set<String> competitor) {
        public String classify(String domain) {
            if (domain == null) {
                return null;
            }
            if (competitor.contains(domain)) {
                return "competitor";
            }
            if (disposable.contains(domain)) {
                return "disposable";
            }
            if (free.contains(domain)) {
                return "free";
            }
            return "business";
        }
    }

    public BehaviourRule rule(String id) {
        return behaviour.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }
}
