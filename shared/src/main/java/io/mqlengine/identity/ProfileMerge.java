package io.mqlengine.identity;

import io.mqlengine.model.Stage;
import io.mqlengine.scoring.Cap;
import io.mqlengine.scoring.CapWindow;
import io.mqlengine.scoring.Contribution;
import io.mqlengine.scoring.DecayedScore;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Folds an anonymous profile's history into a known lead. Idempotent: the lead remembers the anonymous
 * ids it absorbed, and merging one it already holds returns the lead unchanged. A disqualified anonymous
 * profile (a bot) is remembered but its history is not carried over. The anonymous profile's traits (from
 * {@code group} calls and identify calls without an email) fill the gaps in the lead's: the lead's own win.
 * Also notes, on an anonymous profile, the ids an alias said are the same person ({@link #noteSameAs}).
 */
public final class ProfileMerge {

    private ProfileMerge() {
    }

    /** The merged lead and the score increments the merge adds, per era (empty when it changed nothing). */
    public record Merged(LeadState lead, Map<Long, Double> increments, boolean rebased, boolean changed) {
    }

    public static Merged merge(LeadState lead, LeadState anonymous, ScoringModel model, Instant now) {
        if (!anonymous.anonymous() || lead.anonymous()) {
            throw new IllegalArgumentException("merge takes a known lead and an anonymous profile");
        }
        if (lead.mergedAnonymousIds().contains(anonymous.id())) {
            return new Merged(lead, Map.of(), false, false);
        }
        LeadState.Builder b = lead.toBuilder();
        List<String> merged = new ArrayList<>(lead.mergedAnonymousIds());
        merged.add(anonymous.id());
        LeadState withId = withMerged(lead, merged.subList(Math.max(0, merged.size() - LeadState.MERGED_IDS_KEPT),
                merged.size()));
        if (anonymous.stage() == Stage.DISQUALIFIED || anonymous.isNew()) {
            return new Merged(withId, Map.of(), false, true);
        }
        DecayedScore leadScore = align(lead.score(), model, now);
        DecayedScore anonScore = align(anonymous.score(), model, now);
        boolean rebased = leadScore != lead.score() || anonScore != anonymous.score();
        Map<Long, Double> increments = new TreeMap<>(anonScore.eras());
        TreeMap<Long, Double> eras = new TreeMap<>(leadScore.eras());
        increments.forEach((era, amount) -> eras.merge(era, amount, Double::sum));

        Map<String, Contribution> contributions = new HashMap<>(lead.contributions());
        anonymous.contributions().forEach((rule, c) -> contributions.merge(rule, c,
                (mine, theirs) -> mine.merge(theirs, model.halfLife())));
        Map<String, CapWindow> caps = new HashMap<>(lead.caps());
        anonymous.caps().forEach((rule, w) -> caps.merge(rule, w, (mine, theirs) -> mergeWindows(model, rule, mine, theirs)));

        LeadState result = new LeadState(lead.id(), false, lead.version(), lead.stage(), lead.stageChangedAt(),
                new DecayedScore(model.halfLife(), eras), contributions, caps,
                anonymous.recentIds().union(lead.recentIds()), anonymous.traits().overlay(lead.traits()), lead.grade(),
                earlier(lead.firstSeen(), anonymous.firstSeen()), later(lead.lastSeen(), anonymous.lastSeen()),
                lead.qualifications(), lead.qualifiedAt(), lead.qualifiedBy(), lead.handedOff(), lead.disqualifiedBy(),
                LeadState.HandRaise.latest(lead.handRaise(), anonymous.handRaise()), withId.mergedAnonymousIds(),
                List.of(), lead.reviewAt(), lead.modelVersion());
        return new Merged(result, Map.copyOf(increments), rebased, true);
    }

    private static LeadState withMerged(LeadState s, List<String> merged) {
        return new LeadState(s.id(), s.anonymous(), s.version(), s.stage(), s.stageChangedAt(), s.score(),
                s.contributions(), s.caps(), s.recentIds(), s.traits(), s.grade(), s.firstSeen(), s.lastSeen(),
                s.qualifications(), s.qualifiedAt(), s.qualifiedBy(), s.handedOff(), s.disqualifiedBy(), s.handRaise(),
                new ArrayList<>(merged), s.sameAs(), s.reviewAt(), s.modelVersion());
    }

    /**
     * The anonymous profile with {@code ids} noted as the same person (itself left out, the latest
     * {@link LeadState#SAME_AS_KEPT} kept); unchanged when it already holds them. A profile the note creates gets
     * {@code at} as its first and last seen, so that the sweep archives it when nothing else follows; a profile
     * with activity keeps its times, so that an alias never makes the next page view a return visit.
     */
    public static LeadState noteSameAs(LeadState anonymous, Collection<String> ids, Instant at) {
        if (!anonymous.anonymous()) {
            throw new IllegalArgumentException("only an anonymous profile notes same-person ids");
        }
        Set<String> all = new LinkedHashSet<>(anonymous.sameAs());
        ids.stream().filter(id -> !id.equals(anonymous.id())).forEach(all::add);
        if (all.size() == anonymous.sameAs().size()) {
            return anonymous;
        }
        List<String> kept = new ArrayList<>(all);
        kept = kept.subList(Math.max(0, kept.size() - LeadState.SAME_AS_KEPT), kept.size());
        Instant seen = anonymous.lastSeen() == null ? at : null;
        LeadState s = anonymous;
        return new LeadState(s.id(), true, s.version(), s.stage(), s.stageChangedAt(), s.score(), s.contributions(),
                s.caps(), s.recentIds(), s.traits(), s.grade(), seen == null ? s.firstSeen() : seen,
                seen == null ? s.lastSeen() : seen, s.qualifications(), s.qualifiedAt(), s.qualifiedBy(), s.handedOff(),
                s.disqualifiedBy(), s.handRaise(), s.mergedAnonymousIds(), kept, s.reviewAt(), s.modelVersion());
    }

    private static DecayedScore align(DecayedScore score, ScoringModel model, Instant now) {
        return score.halfLife().equals(model.halfLife()) ? score : score.rebased(model.halfLife(), now);
    }

    /** The later window wins; the earlier one's count is added when the two overlap. */
    private static CapWindow mergeWindows(ScoringModel model, String ruleId, CapWindow a, CapWindow b) {
        CapWindow early = a.start().isAfter(b.start()) ? b : a;
        CapWindow late = early == a ? b : a;
        ScoringModel.BehaviourRule rule = model.rule(ruleId);
        if (rule != null && rule.cap() instanceof Cap.PerPeriod p) {
            boolean overlap = late.start().isBefore(early.start().plus(p.per()));
            return overlap ? new CapWindow(late.start(), late.count() + early.count()) : late;
        }
        return early;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
