package io.mqlengine.scoring;

import io.mqlengine.model.Grade;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.Stage;
import io.mqlengine.model.Traits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine keeps about one lead: a known lead ({@code anonymous == false}, id derived from
 * the email) or an anonymous visitor (id = the snippet's anonymous id). {@code version} increases with
 * every scoring or sweep write and guards them; hand-off bookkeeping ({@code handedOff}) does not move it.
 * {@code handRaise} is the latest event that matched a fast-track rule, whatever the grade was then.
 * {@code sameAs} (anonymous leads only) holds the anonymous ids an alias call said are the same person while
 * neither was a known lead: when either is linked to a lead, the others are linked with it. {@code seen} holds the
 * ids of the events applied within the dedupe horizon ({@link SeenIds}); {@code bot} the lead's bot flag, and
 * {@code clicks} its last clicks of the model's burst event ({@link ClickBursts}). {@code history} holds its
 * latest stage changes, {@code outcomes} the latest sales outcomes and what became of them, {@code slaMissedAt} when
 * the current qualification missed its accept SLA (null: not missed). {@code firstTouch} and {@code lastTouch} are the
 * earliest and latest campaign or external-referrer touches ({@link Touch}) among its events, {@code createdAt} when
 * its item was first written (null on items written before it was kept).
 */
public record LeadState(
        String id,
        boolean anonymous,
        long version,
        Stage stage,
        Instant stageChangedAt,
        DecayedScore score,
        Map<String, Contribution> contributions,
        Map<String, CapWindow> caps,
        SeenIds seen,
        Traits traits,
        Grade grade,
        Instant firstSeen,
        Instant lastSeen,
        int qualifications,
        Instant qualifiedAt,
        String qualifiedBy,
        int handedOff,
        String disqualifiedBy,
        Bot bot,
        List<Click> clicks,
        HandRaise handRaise,
        List<String> mergedAnonymousIds,
        List<String> sameAs,
        Instant reviewAt,
        String modelVersion,
        List<Transition> history,
        List<Verdict> outcomes,
        Instant slaMissedAt,
        Touch firstTouch,
        Touch lastTouch,
        Instant createdAt) {

    /** How many stage changes a lead keeps in {@code history} (the latest ones). */
    public static final int HISTORY_KEPT = 12;

    /** How many sales outcomes a lead keeps in {@code outcomes} (the latest ones; pending ones first). */
    public static final int OUTCOMES_KEPT = 10;

    /**
     * What became of a sales outcome on this lead: {@code APPLIED} (it moved the stage), {@code PENDING} (it belongs to
     * a later stage the lead has not reached yet, e.g. {@code won} before {@code sql} arrived; applied when the lead
     * gets there) or {@code REFUSED} ({@code note} says why).
     */
    public record Verdict(String outcomeId, SalesOutcome.Kind outcome, Instant at, String reason, String by,
                          Status status, String note) {
        /** See {@link Verdict}. */
        public enum Status { APPLIED, PENDING, REFUSED }

        /** The same outcome with another status and note. */
        public Verdict as(Status s, String why) {
            return new Verdict(outcomeId, outcome, at, reason, by, s, why);
        }
    }

    /** The latest event that matched fast-track rule {@code rule}, at {@code at}. */
    public record HandRaise(String rule, Instant at) {
        /** The later of two hand-raises (either may be null). */
        public static HandRaise latest(HandRaise a, HandRaise b) {
            if (a == null) {
                return b;
            }
            return b == null || !b.at.isAfter(a.at) ? a : b;
        }
    }

    /**
     * The lead was flagged as a bot at {@code since}: {@code reason} {@link Bot#EVENT_RATE} (more events in a day than
     * the model's daily limit; those beyond it are not scored) or {@link Bot#CLICK_BURST} (email links clicked faster
     * than a person does; those clicks are not scored).
     */
    public record Bot(String reason, Instant since) {
        public static final String EVENT_RATE = "event-rate";
        public static final String CLICK_BURST = "email-click-burst";
    }

    /**
     * A recent click of the model's burst event ({@link ScoringModel.Bots}) and the points it scored per rule,
     * kept so that a burst found later takes them back.
     */
    public record Click(Instant at, Map<String, Double> scored) {
        public Click {
            scored = Map.copyOf(scored);
        }
    }

    /** How many merged anonymous ids a lead remembers (the merge's crash guard; the alias item is the record). */
    public static final int MERGED_IDS_KEPT = 8;

    /** How many same-person anonymous ids an anonymous lead keeps (the latest ones). */
    public static final int SAME_AS_KEPT = 8;

    public LeadState {
        contributions = Map.copyOf(contributions);
        caps = Map.copyOf(caps);
        clicks = List.copyOf(clicks);
        mergedAnonymousIds = List.copyOf(mergedAnonymousIds);
        sameAs = List.copyOf(sameAs);
        history = List.copyOf(history);
        outcomes = List.copyOf(outcomes);
    }

    /** A lead never seen before. */
    public static LeadState fresh(String id, boolean anonymous, ScoringModel model) {
        return new LeadState(id, anonymous, 0, anonymous ? Stage.ANONYMOUS : Stage.LEAD, null,
                DecayedScore.zero(model.halfLife()), Map.of(), Map.of(), SeenIds.EMPTY, Traits.NONE, Grade.F,
                null, null, 0, null, null, 0, null, null, List.of(), null, List.of(), List.of(), null, model.version(), List.of(), List.of(), null, null, null, null);
    }

    /** True for a lead that has never been written. */
    public boolean isNew() {
        return version == 0;
    }

    public double scoreAt(Instant t) {
        return score.valueAt(t);
    }

    /** A qualification that was written but not yet handed to sales. */
    public boolean handoffPending() {
        return stage == Stage.MQL && handedOff < qualifications;
    }

    /** The same lead with review time {@code reviewAt}; its collections are shared, not copied. */
    public LeadState withReviewAt(Instant reviewAt) {
        return new LeadState(id, anonymous, version, stage, stageChangedAt, score, contributions, caps, seen, traits,
                grade, firstSeen, lastSeen, qualifications, qualifiedAt, qualifiedBy, handedOff, disqualifiedBy, bot,
                clicks, handRaise, mergedAnonymousIds, sameAs, reviewAt, modelVersion, history, outcomes, slaMissedAt,
                firstTouch, lastTouch, createdAt);
    }

    /** The same lead with {@code seen} (overflow read or written: the stored value is unchanged). */
    public LeadState withSeen(SeenIds seen) {
        return new LeadState(id, anonymous, version, stage, stageChangedAt, score, contributions, caps, seen, traits,
                grade, firstSeen, lastSeen, qualifications, qualifiedAt, qualifiedBy, handedOff, disqualifiedBy, bot,
                clicks, handRaise, mergedAnonymousIds, sameAs, reviewAt, modelVersion, history, outcomes, slaMissedAt,
                firstTouch, lastTouch, createdAt);
    }

    /**
     * The same lead last seen at {@code t}: the sweep's stand-in for a last-seen time its review index does not carry,
     * which its write then checks against the stored one.
     */
    public LeadState withLastSeen(Instant t) {
        return new LeadState(id, anonymous, version, stage, stageChangedAt, score, contributions, caps, seen, traits,
                grade, firstSeen, t, qualifications, qualifiedAt, qualifiedBy, handedOff, disqualifiedBy, bot,
                clicks, handRaise, mergedAnonymousIds, sameAs, reviewAt, modelVersion, history, outcomes, slaMissedAt,
                firstTouch, lastTouch, createdAt);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy used while applying a batch. */
    public static final class Builder {
        String id;
        boolean anonymous;
        long version;
        Stage stage;
        Instant stageChangedAt;
        DecayedScore score;
        Map<String, Contribution> contributions;
        Map<String, CapWindow> caps;
        SeenIds seen;
        Traits traits;
        Grade grade;
        Instant firstSeen;
        Instant lastSeen;
        int qualifications;
        Instant qualifiedAt;
        String qualifiedBy;
        int handedOff;
        String disqualifiedBy;
        Bot bot;
        List<Click> clicks;
        HandRaise handRaise;
        List<String> mergedAnonymousIds;
        List<String> sameAs;
        Instant reviewAt;
        String modelVersion;
        List<Transition> history;
        List<Verdict> outcomes;
        Instant slaMissedAt;
        Touch firstTouch;
        Touch lastTouch;
        Instant createdAt;

        Builder(LeadState s) {
            id = s.id;
            anonymous = s.anonymous;
            version = s.version;
            stage = s.stage;
            stageChangedAt = s.stageChangedAt;
            score = s.score;
            contributions = new HashMap<>(s.contributions);
            caps = new HashMap<>(s.caps);
            seen = s.seen;
            traits = s.traits;
            grade = s.grade;
            firstSeen = s.firstSeen;
            lastSeen = s.lastSeen;
            qualifications = s.qualifications;
            qualifiedAt = s.qualifiedAt;
            qualifiedBy = s.qualifiedBy;
            handedOff = s.handedOff;
            disqualifiedBy = s.disqualifiedBy;
            bot = s.bot;
            clicks = new ArrayList<>(s.clicks);
            handRaise = s.handRaise;
            mergedAnonymousIds = new ArrayList<>(s.mergedAnonymousIds);
            sameAs = new ArrayList<>(s.sameAs);
            reviewAt = s.reviewAt;
            modelVersion = s.modelVersion;
            history = new ArrayList<>(s.history);
            outcomes = new ArrayList<>(s.outcomes);
            slaMissedAt = s.slaMissedAt;
            firstTouch = s.firstTouch;
            lastTouch = s.lastTouch;
            createdAt = s.createdAt;
        }

        public Builder version(long v) {
            version = v;
            return this;
        }

        public Builder handedOff(int n) {
            handedOff = n;
            return this;
        }

        public Builder reviewAt(Instant t) {
            reviewAt = t;
            return this;
        }

        public Builder stage(Stage s, Instant at) {
            stage = s;
            stageChangedAt = at;
            return this;
        }

        public LeadState build() {
            return new LeadState(id, anonymous, version, stage, stageChangedAt, score, contributions, caps, seen,
                    traits, grade, firstSeen, lastSeen, qualifications, qualifiedAt, qualifiedBy, handedOff,
                    disqualifiedBy, bot, clicks, handRaise, mergedAnonymousIds, sameAs, reviewAt, modelVersion, history,
                    outcomes, slaMissedAt, firstTouch, lastTouch, createdAt);
        }
    }
}
