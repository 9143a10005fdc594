package io.mqlengine.scoring;

import io.mqlengine.model.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Folds an anonymous lead's history into a known lead. Idempotent: the lead remembers the anonymous
 * ids it absorbed, and merging one it already holds returns the lead unchanged. A disqualified anonymous
 * lead (a bot) is remembered but its history is not carried over. The anonymous lead's traits (from
 * {@code group} calls and identify calls without an email) fill the gaps in the lead's: the lead's own win.
 * Also notes, on an anonymous lead, the ids an alias said are the same person ({@link #noteSameAs}).
 */
public final class LeadMerge {

    private LeadMerge() {
    }

    /** The merged lead and the score increments the merge adds, per era (empty when it changed nothing). */
    public record Merged(LeadState lead, Map<Long, Double> increments, boolean rebased, boolean changed) {
    }

    public static Merged merge(LeadState lead, LeadState anonymous, ScoringModel model, Instant now) {
        if (!anonymous.anonymous() || lead.anonymous()) {
            throw new IllegalArgumentException("merge takes a known lead and an anonymous lead");
        }
        if (lead.mergedAnonymousIds().contains(anonymous.id())) {
            return new Merged(lead, Map.of(), false, false);
        }
        LeadState.Builder b = lead.toBuilder();
        b.mergedAnonymousIds.add(anonymous.id());
        b.mergedAnonymousIds = latest(b.mergedAnonymousIds, LeadState.MERGED_IDS_KEPT);
        // even a bot's ids join: its events, retried, are not scored on the lead either
        b.seen = lead.seen().union(anonymous.seen());
        if (anonymous.stage() == Stage.DISQUALIFIED || anonymous.isNew()) {
            return new Merged(b.build(), Map.of(), false, true);
        }
        DecayedScore leadScore = align(lead.score(), model, now);
        DecayedScore anonScore = align(anonymous.score(), model, now);
        boolean rebased = leadScore != lead.score() || anonScore != anonymous.score();
        Map<Long, Double> increments = new TreeMap<>(anonScore.eras());
        TreeMap<Long, Double> eras = new TreeMap<>(leadScore.eras());
        increments.forEach((era, amount) -> eras.merge(era, amount, Double::sum));

        b.score = new DecayedScore(model.halfLife(), eras);
        anonymous.contributions().forEach((rule, c) -> b.contributions.merge(rule, c,
                (mine, theirs) -> mine.merge(theirs, model.halfLife())));
        anonymous.caps().forEach((rule, w) -> b.caps.merge(rule, w,
                (mine, theirs) -> mergeWindows(model, rule, mine, theirs)));
        b.traits = anonymous.traits().overlay(lead.traits());
        b.firstSeen = earlier(lead.firstSeen(), anonymous.firstSeen());
        b.lastSeen = later(lead.lastSeen(), anonymous.lastSeen());
        b.firstTouch = Touch.first(lead.firstTouch(), anonymous.firstTouch());
        b.lastTouch = Touch.last(lead.lastTouch(), anonymous.lastTouch());
        b.handRaise = LeadState.HandRaise.latest(lead.handRaise(), anonymous.handRaise());
        b.bot = lead.bot() != null ? lead.bot() : anonymous.bot();
        b.clicks.addAll(anonymous.clicks());
        b.sameAs = new ArrayList<>(); // same-person notes belong to anonymous leads only
        return new Merged(b.build(), Map.copyOf(increments), rebased, true);
    }

    /**
     * The anonymous lead with {@code ids} noted as the same person (itself left out, the latest
     * {@link LeadState#SAME_AS_KEPT} kept); unchanged when it already holds them. A lead the note creates gets
     * {@code at} as its first and last seen, so that the sweep archives it when nothing else follows; a lead
     * with activity keeps its times, so that an alias never makes the next page view a return visit.
     */
    public static LeadState noteSameAs(LeadState anonymous, Collection<String> ids, Instant at) {
        if (!anonymous.anonymous()) {
            throw new IllegalArgumentException("only an anonymous lead notes same-person ids");
        }
        Set<String> all = new LinkedHashSet<>(anonymous.sameAs());
        ids.stream().filter(id -> !id.equals(anonymous.id())).forEach(all::add);
        if (all.size() == anonymous.sameAs().size()) {
            return anonymous;
        }
        LeadState.Builder b = anonymous.toBuilder();
        b.sameAs = latest(new ArrayList<>(all), LeadState.SAME_AS_KEPT);
        Instant seen = anonymous.lastSeen() == null ? at : null;
        if (seen != null) {
            b.firstSeen = seen;
            b.lastSeen = seen;
        }
        return b.build();
    }

    /** The last {@code kept} of {@code ids}. */
    private static List<String> latest(List<String> ids, int kept) {
        return new ArrayList<>(ids.subList(Math.max(0, ids.size() - kept), ids.size()));
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
