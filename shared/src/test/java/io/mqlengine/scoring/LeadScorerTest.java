package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.Ev;
import io.mqlengine.model.Grade;
import io.mqlengine.model.Stage;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeadScorerTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadScorer SCORER = new LeadScorer(MODEL);
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    private static LeadState lead() {
        return LeadState.fresh("lead-1", false, MODEL);
    }

    private static LeadState identified(Traits traits) {
        return SCORER.apply(lead(), List.of(Ev.identify("a1", traits, T0)), T0).state();
    }

    /** Pricing (15) + comparison (10) + 3 product pages (15) + webinar (35) + case study (20) + 6 page views = 101. */
    private static List<TrackingEvent> engaged(Instant start) {
        return List.of(
                Ev.page("a1", "/blog/lead-scoring", start.plusSeconds(30)),
                Ev.page("a1", "/pricing", start.plusSeconds(60)),
                Ev.page("a1", "/compare/hubspot", start.plusSeconds(120)),
                Ev.page("a1", "/product/scoring", start.plusSeconds(180)),
                Ev.page("a1", "/product/handoff", start.plusSeconds(240)),
                Ev.page("a1", "/product/decay", start.plusSeconds(300)),
                Ev.track("a1", "Webinar Attended", start.plusSeconds(400)),
                Ev.track("a1", "Content Downloaded", Map.of("assetType", "case_study"), start.plusSeconds(500)));
    }

    @Test
    void apply_shouldQualify_whenScoreReachesThresholdAndGradeIsEnough() {
        LeadState s = identified(Ev.fitting("ada@acme.io"));
        assertThat(s.grade()).isEqualTo(Grade.A);
        Outcome o = SCORER.apply(s, engaged(T0), T0.plusSeconds(600));
        assertThat(o.state().scoreAt(T0.plusSeconds(500))).isGreaterThanOrEqualTo(100);
        assertThat(o.state().stage()).isEqualTo(Stage.MQL);
        assertThat(o.transitions()).containsExactly(new Transition(Stage.LEAD, Stage.MQL, T0.plusSeconds(600), "score"));
        assertThat(o.state().qualifications()).isEqualTo(1);
        assertThat(o.state().qualifiedBy()).isEqualTo("score");
    }

    @Test
    void apply_shouldNotQualify_whenGradeIsBelowMinimum_evenWithHighScore() {
        LeadState s = identified(new Traits("kim@gmail.com", "Kim", null, "Student", null, null, null, null));
        assertThat(s.grade()).isEqualTo(Grade.F);
        List<TrackingEvent> lots = new ArrayList<>(engaged(T0));
        lots.add(Ev.track("a1", "Contact Form Submitted", T0.plusSeconds(700)));
        Outcome o = SCORER.apply(s, lots, T0.plusSeconds(800));
        assertThat(o.state().scoreAt(T0.plusSeconds(800))).isGreaterThan(MODEL.mql().threshold());
        assertThat(o.state().stage()).isEqualTo(Stage.LEAD);
    }

    @Test
    void apply_shouldFastTrack_demoRequestFromLeadGradedBOrBetter() {
        LeadState s = identified(new Traits("bo@shop.de", "Bo", null, "Marketing Manager", "Shop", 200, null, null));
        assertThat(s.grade()).isEqualTo(Grade.B);
        Outcome o = SCORER.apply(s, List.of(Ev.track("a1", "Demo Requested", T0.plusSeconds(5))), T0.plusSeconds(10));
        assertThat(o.state().stage()).isEqualTo(Stage.MQL);
        assertThat(o.state().qualifiedBy()).isEqualTo("hand-raiser");
        assertThat(o.state().scoreAt(T0.plusSeconds(10))).isLessThan(MODEL.mql().threshold());
    }

    @Test
    void apply_shouldNotFastTrack_demoRequestFromLeadGradedC() {
        LeadState s = identified(new Traits("cy@corp.com", null, null, "Analyst", null, 60, null, null));
        assertThat(s.grade()).isEqualTo(Grade.C);
        Outcome o = SCORER.apply(s, List.of(Ev.track("a1", "Demo Requested", T0.plusSeconds(5))), T0.plusSeconds(10));
        assertThat(o.state().stage()).isEqualTo(Stage.LEAD);
    }

    @Test
    void apply_shouldDisqualify_competitorByEmailDomain() {
        LeadState s = identified(new Traits("spy@competitor.example", null, null, "VP Product", null, 500, "software", "US"));
        assertThat(s.stage()).isEqualTo(Stage.DISQUALIFIED);
        assertThat(s.disqualifiedBy()).isEqualTo("competitor");
        Outcome o = SCORER.apply(s, engaged(T0), T0.plusSeconds(600));
        assertThat(o.state().stage()).isEqualTo(Stage.DISQUALIFIED);
    }

    @Test
    void apply_shouldDisqualify_onUnsubscribe() {
        LeadState s = identified(Ev.fitting("ada@acme.io"));
        Outcome o = SCORER.apply(s, List.of(Ev.track("a1", "Unsubscribed", T0.plusSeconds(5))), T0.plusSeconds(6));
        assertThat(o.state().stage()).isEqualTo(Stage.DISQUALIFIED);
        assertThat(o.transitions()).extracting(Transition::reason).containsExactly("unsubscribed");
    }

    @Test
    void apply_shouldDisqualify_botUserAgent_onAnonymousLead() {
        LeadState anon = LeadState.fresh("a-bot", true, MODEL);
        TrackingEvent e = Ev.withUserAgent(Ev.page("a-bot", "/pricing", T0), "Mozilla/5.0 (compatible; Googlebot/2.1)");
        Outcome o = SCORER.apply(anon, List.of(e), T0);
        assertThat(o.state().stage()).isEqualTo(Stage.DISQUALIFIED);
        assertThat(o.state().disqualifiedBy()).isEqualTo("bot");
    }

    @Test
    void apply_shouldNeverQualifyAnAnonymousLead() {
        LeadState anon = LeadState.fresh("a2", true, MODEL);
        Outcome o = SCORER.apply(anon, engaged(T0), T0.plusSeconds(600));
        assertThat(o.state().scoreAt(T0.plusSeconds(600))).isGreaterThan(90);
        List<TrackingEvent> more = List.of(Ev.track("a2", "Webinar Attended", T0.plusSeconds(700)),
                Ev.track("a2", "Demo Requested", T0.plusSeconds(800)));
        assertThat(SCORER.apply(o.state(), more, T0.plusSeconds(900)).state().stage()).isEqualTo(Stage.ANONYMOUS);
    }

    @Test
    void apply_shouldGiveTheSameResult_inAnyOrderWithinABatch() {
        LeadState s = identified(Ev.fitting("ada@acme.io"));
        List<TrackingEvent> events = new ArrayList<>(engaged(T0));
        events.add(Ev.page("a1", "/pricing", T0.plusSeconds(30)));
        events.add(Ev.track("a1", "Email Opened", T0.plusSeconds(31)));
        events.add(Ev.track("a1", "Email Opened", T0.plusSeconds(32)));
        events.add(Ev.track("a1", "Email Opened", T0.plusSeconds(33)));
        events.add(Ev.track("a1", "Email Opened", T0.plusSeconds(33)));
        Outcome reference = SCORER.apply(s, events, T0.plusSeconds(900));
        Random r = new Random(3);
        for (int i = 0; i < 50; i++) {
            List<TrackingEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, r);
            assertThat(SCORER.apply(s, shuffled, T0.plusSeconds(900))).isEqualTo(reference);
        }
    }

    @Test
    void apply_shouldChangeNothing_whenEveryEventWasAlreadyApplied() {
        LeadState s = identified(Ev.fitting("ada@acme.io"));
        List<TrackingEvent> events = engaged(T0);
        LeadState once = SCORER.apply(s, events, T0.plusSeconds(600)).state();
        Outcome twice = SCORER.apply(once, events, T0.plusSeconds(700));
        assertThat(twice.unchanged()).isTrue();
        assertThat(twice.state()).isEqualTo(once);
        Outcome partly = SCORER.apply(once, List.of(events.get(0), Ev.page("a1", "/blog/x", T0.plusSeconds(650))),
                T0.plusSeconds(700));
        assertThat(partly.appliedEventIds()).hasSize(1);
    }

    @Test
    void apply_shouldKeepTheStage_whenALateEventArrivesAfterQualification() {
        LeadState s = identified(Ev.fitting("ada@acme.io"));
        LeadState mql = SCORER.apply(s, engaged(T0), T0.plusSeconds(600)).state();
        TrackingEvent late = Ev.page("a1", "/careers/jobs", T0.minus(Duration.ofDays(3)));
        Outcome o = SCORER.apply(mql, List.of(late), T0.plusSeconds(700));
        assertThat(o.state().stage()).isEqualTo(Stage.MQL);
        assertThat(o.transitions()).isEmpty();
        assertThat(o.state().lastSeen()).isEqualTo(mql.lastSeen());
        assertThat(o.state().scoreAt(T0.plusSeconds(700))).isLessThan(mql.scoreAt(T0.plusSeconds(700)));
    }

    @Test
    void apply_shouldReturnTheChangeToWrite() {
        LeadState s = identified(Ev.fitting("ada@acme.io"));
        TrackingEvent pricing = Ev.page("a1", "/pricing", T0.plusSeconds(60));
        Outcome o = SCORER.apply(s, List.of(pricing), T0.plusSeconds(61));
        LeadChange c = o.change();
        assertThat(c.expectedVersion()).isEqualTo(s.version());
        assertThat(o.state().version()).isEqualTo(s.version() + 1);
        double added = c.eraIncrements().entrySet().stream()
                .mapToDouble(e -> e.getValue() * Math.pow(2, -Duration.between(
                        o.state().score().eraStart(e.getKey()), T0.plusSeconds(60)).toMillis() / (double) MODEL.halfLife().toMillis()))
                .sum();
        assertThat(added).isCloseTo(16, org.assertj.core.api.Assertions.within(1e-9)); // page-view 1 + pricing 15
        assertThat(c.contributions()).containsOnlyKeys("page-view", "pricing-page");
        assertThat(c.caps()).containsOnlyKeys("page-view", "pricing-page");
        assertThat(c.newEventIds()).containsExactly(pricing.eventId());
    }

    @Test
    void apply_shouldScoreAReturnVisit_onlyAfterTheSessionTimeout() {
        LeadState s = identified(Ev.fitting("ada@acme.io"));
        LeadState after = SCORER.apply(s, List.of(
                Ev.page("a1", "/blog/a", T0.plusSeconds(10)),
                Ev.page("a1", "/blog/b", T0.plus(Duration.ofMinutes(29))),
                Ev.page("a1", "/blog/c", T0.plus(Duration.ofMinutes(70)))), T0.plus(Duration.ofHours(2))).state();
        assertThat(after.contributions().get("return-visit").count()).isEqualTo(1);
    }

    @Test
    void apply_shouldSetReviewAt_toTheStaleHorizonForALead_andToTheHandoffRetryForANewMql() {
        LeadState s = identified(Ev.fitting("ada@acme.io"));
        assertThat(s.reviewAt()).isEqualTo(T0.plus(MODEL.staleAfter()));
        Outcome o = SCORER.apply(s, engaged(T0), T0.plusSeconds(600));
        assertThat(o.reviewAt()).isEqualTo(T0.plusSeconds(600).plus(MODEL.handoffRetryAfter()));
    }

    @Test
    void review_shouldRecycleAHandedOffMql_onceTheHoldEndsAndTheScoreDecayedBelowTheRecycleThreshold() {
        LeadState.Builder b = SCORER.apply(identified(Ev.fitting("ada@acme.io")), engaged(T0), T0.plusSeconds(600))
                .state().toBuilder().handedOff(1);
        b.slaMissedAt = T0.plus(Duration.ofHours(24)); // the accept SLA's review is AcceptSlaTest's
        LeadState mql = b.build();
        Instant crossing = mql.score().fallsBelow(MODEL.recycleThreshold(), T0).orElseThrow();
        assertThat(SCORER.nextReview(mql, T0.plusSeconds(700))).isEqualTo(LeadScorer.wholeSecond(crossing));
        Outcome before = SCORER.review(mql, crossing.minusSeconds(1));
        assertThat(before.state().stage()).isEqualTo(Stage.MQL);
        Outcome at = SCORER.review(mql, crossing.plusSeconds(1));
        assertThat(at.state().stage()).isEqualTo(Stage.RECYCLED);
        assertThat(at.transitions()).extracting(Transition::reason).containsExactly("score-decayed");
        assertThat(at.reviewAt()).isEqualTo(mql.lastSeen().plus(MODEL.staleAfter()));
    }

    @Test
    void review_shouldNotRecycle_duringTheHold_orWhileTheHandoffIsPending() {
        ScoringModel.Mql longHold = new ScoringModel.Mql(MODEL.mql().threshold(), MODEL.mql().minGrade(),
                Duration.ofDays(30), MODEL.mql().fastTrack());
        LeadScorer scorer = new LeadScorer(new ScoringModel(MODEL.version(), MODEL.halfLife(), MODEL.sessionTimeout(),
                longHold, MODEL.recycleThreshold(), MODEL.staleAfter(), MODEL.handoffRetryAfter(), MODEL.behaviour(),
                MODEL.fit(), MODEL.disqualifiers(), MODEL.emailDomains(), MODEL.bots()));
        LeadState s = scorer.apply(lead(), List.of(Ev.identify("a1",
                new Traits("bo@shop.de", "Bo", null, "Marketing Manager", "Shop", 200, null, null), T0)), T0).state();
        LeadState fast = scorer.apply(s, List.of(Ev.track("a1", "Demo Requested", T0.plusSeconds(5))), T0.plusSeconds(10)).state();
        Instant inHold = T0.plus(Duration.ofDays(25));
        Instant afterHold = T0.plus(Duration.ofDays(31));
        assertThat(fast.scoreAt(inHold)).isLessThan(MODEL.recycleThreshold());
        LeadState handedOff = fast.toBuilder().handedOff(1).build();
        assertThat(scorer.review(handedOff, inHold).state().stage()).isEqualTo(Stage.MQL);
        assertThat(scorer.review(fast, afterHold).state().stage()).isEqualTo(Stage.MQL);
        assertThat(scorer.review(handedOff, afterHold).state().stage()).isEqualTo(Stage.RECYCLED);
    }

    @Test
    void review_shouldArchiveALead_silentPastTheStaleHorizon() {
        LeadState s = identified(Ev.fitting("ada@acme.io"));
        Instant stale = T0.plus(MODEL.staleAfter());
        assertThat(SCORER.review(s, stale.minusSeconds(1)).state().stage()).isEqualTo(Stage.LEAD);
        Outcome o = SCORER.review(s, stale);
        assertThat(o.state().stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(o.reviewAt()).isNull();
    }

    @Test
    void review_shouldAskToReemit_aQualificationNotHandedOffWithinTheRetryDelay() {
        LeadState mql = SCORER.apply(identified(Ev.fitting("ada@acme.io")), engaged(T0), T0.plusSeconds(600)).state();
        assertThat(SCORER.review(mql, T0.plusSeconds(601)).reemitHandoff()).isFalse();
        Instant due = T0.plusSeconds(600).plus(MODEL.handoffRetryAfter());
        Outcome o = SCORER.review(mql, due);
        assertThat(o.reemitHandoff()).isTrue();
        assertThat(o.reviewAt()).isEqualTo(due.plus(MODEL.handoffRetryAfter()));
    }

    @Test
    void review_shouldChangeNothing_whenRunTwiceAtTheSameInstant() {
        LeadState mql = SCORER.apply(identified(Ev.fitting("ada@acme.io")), engaged(T0), T0.plusSeconds(600)).state()
                .toBuilder().handedOff(1).build();
        Instant late = T0.plus(Duration.ofDays(400));
        Outcome first = SCORER.review(mql, late);
        assertThat(first.state().stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(first.transitions()).extracting(Transition::to).containsExactly(Stage.RECYCLED, Stage.ARCHIVED);
        Outcome second = SCORER.review(first.state(), late);
        assertThat(second.unchanged()).isTrue();
        assertThat(second.transitions()).isEmpty();
    }

    @Test
    void apply_shouldBringAnArchivedLeadBack_andLetItQualifyAgain() {
        LeadState mql = SCORER.apply(identified(Ev.fitting("ada@acme.io")), engaged(T0), T0.plusSeconds(600)).state()
                .toBuilder().handedOff(1).build();
        Instant later = T0.plus(Duration.ofDays(400));
        LeadState archived = SCORER.review(mql, later).state();
        Outcome back = SCORER.apply(archived, engaged(later), later.plusSeconds(600));
        assertThat(back.transitions()).extracting(Transition::to).containsExactly(Stage.LEAD, Stage.MQL);
        assertThat(back.state().qualifications()).isEqualTo(2);
    }

    @Test
    void apply_shouldRebaseTheScore_whenTheModelHalfLifeChanged() {
        LeadState s = SCORER.apply(identified(Ev.fitting("ada@acme.io")), List.of(Ev.page("a1", "/pricing", T0)), T0).state();
        ScoringModel faster = new ScoringModel(MODEL.version() + "-b", Duration.ofDays(7), MODEL.sessionTimeout(),
                MODEL.mql(), MODEL.recycleThreshold(), MODEL.staleAfter(), MODEL.handoffRetryAfter(), MODEL.behaviour(),
                MODEL.fit(), MODEL.disqualifiers(), MODEL.emailDomains(), MODEL.bots());
        Instant now = T0.plus(Duration.ofDays(1));
        Outcome o = new LeadScorer(faster).apply(s, List.of(Ev.track("a1", "Email Opened", now)), now);
        assertThat(o.state().score().halfLife()).isEqualTo(Duration.ofDays(7));
        assertThat(o.state().scoreAt(now)).isCloseTo(s.scoreAt(now) + 2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(o.change().eraValues()).isNotEmpty();
        assertThat(o.change().eraIncrements()).isEmpty();
    }

    @Test
    void apply_shouldFastTrack_whenTheDemoRequestArrivedBeforeTheIdentify() {
        LeadState anon = SCORER.apply(LeadState.fresh("a9", true, MODEL),
                List.of(Ev.track("a9", "Demo Requested", T0)), T0).state();
        assertThat(anon.stage()).isEqualTo(Stage.ANONYMOUS);
        LeadMerge.Merged m = LeadMerge.merge(lead(), anon, MODEL,
                T0.plusSeconds(60));
        Outcome o = SCORER.applyAfter(lead(), m.lead(), m.increments(), m.rebased(),
                List.of(Ev.identify("a9", Ev.fitting("ada@acme.io"), T0.plusSeconds(60))), T0.plusSeconds(61));
        assertThat(o.state().stage()).isEqualTo(Stage.MQL);
        assertThat(o.state().qualifiedBy()).isEqualTo("hand-raiser");
    }

    @Test
    void apply_shouldNotFastTrack_whenTheHandWasRaisedLongerAgoThanTheWindow() {
        LeadState anon = SCORER.apply(LeadState.fresh("a10", true, MODEL),
                List.of(Ev.track("a10", "Demo Requested", T0)), T0).state();
        Instant later = T0.plus(MODEL.mql().fastTrack().get(0).within()).plusSeconds(1);
        LeadMerge.Merged m = LeadMerge.merge(lead(), anon, MODEL, later);
        Outcome o = SCORER.applyAfter(lead(), m.lead(), m.increments(), m.rebased(),
                List.of(Ev.identify("a10", Ev.fitting("ada@acme.io"), later)), later);
        assertThat(o.state().stage()).isEqualTo(Stage.LEAD);
    }

    @Test
    void apply_shouldNotUseAHandRaiseTwice_afterTheLeadWasRecycled() {
        LeadState s = identified(new Traits("bo@shop.de", "Bo", null, "Marketing Manager", "Shop", 200, null, null));
        LeadState mql = SCORER.apply(s, List.of(Ev.track("a1", "Demo Requested", T0.plusSeconds(5))), T0.plusSeconds(10))
                .state().toBuilder().handedOff(1).build();
        Instant recycle = T0.plus(Duration.ofDays(20)); // 60 points decay below 40 after about 17.5 days
        LeadState recycled = SCORER.review(mql, recycle).state();
        assertThat(recycled.stage()).isEqualTo(Stage.RECYCLED);
        Outcome o = SCORER.apply(recycled, List.of(Ev.page("a1", "/blog/x", recycle.plusSeconds(60))), recycle.plusSeconds(61));
        assertThat(o.state().stage()).isEqualTo(Stage.RECYCLED);
        Outcome again = SCORER.apply(o.state(), List.of(Ev.track("a1", "Trial Started", recycle.plusSeconds(120))),
                recycle.plusSeconds(121));
        assertThat(again.state().stage()).isEqualTo(Stage.MQL);
        assertThat(again.state().qualifications()).isEqualTo(2);
    }

    @Test
    void review_shouldLookAtAStuckHandoffOnlyAtItsRetries_notAtEverySweep() {
        LeadState s = identified(new Traits("bo@shop.de", "Bo", null, "Marketing Manager", "Shop", 200, null, null));
        LeadState pending = SCORER.apply(s, List.of(Ev.track("a1", "Demo Requested", T0.plusSeconds(5))),
                T0.plusSeconds(10)).state();
        Instant day20 = T0.plus(Duration.ofDays(20)); // hold over, score below the recycle threshold, still pending
        Outcome first = SCORER.review(pending, day20);
        assertThat(first.reemitHandoff()).isTrue();
        assertThat(first.state().stage()).isEqualTo(Stage.MQL);
        assertThat(first.reviewAt()).isAfter(day20).isEqualTo(day20.plus(MODEL.handoffRetryAfter()));
        assertThat(SCORER.review(first.state(), day20).unchanged()).as("again at the same instant").isTrue();
        assertThat(SCORER.review(first.state(), day20.plusSeconds(60)).unchanged()).as("before the retry").isTrue();
        Outcome retry = SCORER.review(first.state(), first.reviewAt());
        assertThat(retry.reemitHandoff()).isTrue();
        assertThat(retry.reviewAt()).isEqualTo(first.reviewAt().plus(MODEL.handoffRetryAfter()));
    }

    @Test
    void nextReview_shouldBeAWholeSecond_neverEarlierThanTheExactTime() {
        LeadState s = SCORER.apply(lead(), List.of(Ev.identify("a1", Ev.fitting("ada@acme.io"), T0.plusMillis(1500))),
                T0.plusMillis(1500)).state();
        assertThat(s.reviewAt().getNano()).isZero();
        assertThat(s.reviewAt()).isEqualTo(T0.plusSeconds(2).plus(MODEL.staleAfter()));
    }

    @Test
    void apply_shouldRegradeALead_whenTheModelChanged() {
        LeadState s = identified(new Traits("cy@corp.com", null, null, "Analyst", null, 60, null, null));
        assertThat(s.grade()).isEqualTo(Grade.C);
        ScoringModel.Fit generous = new ScoringModel.Fit(Map.of(Grade.A, 30.0, Grade.B, 20.0, Grade.C, 10.0, Grade.D, 5.0),
                MODEL.fit().rules());
        ScoringModel retuned = new ScoringModel(MODEL.version() + "-fit", MODEL.halfLife(), MODEL.sessionTimeout(),
                MODEL.mql(), MODEL.recycleThreshold(), MODEL.staleAfter(), MODEL.handoffRetryAfter(), MODEL.behaviour(),
                generous, MODEL.disqualifiers(), MODEL.emailDomains(), MODEL.bots());
        LeadState after = new LeadScorer(retuned).apply(s, List.of(Ev.page("a1", "/", T0.plusSeconds(9))),
                T0.plusSeconds(10)).state();
        assertThat(after.grade()).isEqualTo(Grade.A);
        assertThat(after.modelVersion()).isEqualTo(retuned.version());
    }

    @Test
    void apply_shouldApplyEveryNewEventOfABatch_inOneWrite() {
        List<TrackingEvent> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(Ev.page("a1", "/blog/" + i, T0.plusSeconds(i)));
        }
        Outcome o = SCORER.apply(lead(), many, T0.plusSeconds(600));
        assertThat(o.appliedEventIds()).hasSize(500);
        assertThat(o.throttled()).isZero();
        assertThat(SCORER.apply(o.state(), many, T0.plusSeconds(700)).unchanged()).as("all of them remembered").isTrue();
    }

    @Test
    void apply_shouldGradeAnAnonymousLead_fromTheCompanyTraitsOfAGroupCall_only() {
        TrackingEvent group = new TrackingEvent("g-1", io.mqlengine.model.EventType.GROUP, null, "a1", null,
                new Traits("someone@acme.io", "Sam", null, "CEO", "Acme", 200, "software", "US"), T0, Map.of(), Map.of());
        LeadState s = SCORER.apply(LeadState.fresh("a1", true, MODEL), List.of(group), T0).state();
        assertThat(s.traits()).isEqualTo(new Traits(null, null, null, null, "Acme", 200, "software", null));
        assertThat(s.grade()).as("company size 20 + industry 15").isEqualTo(Grade.C);
        assertThat(s.stage()).isEqualTo(Stage.ANONYMOUS);
    }

    @Test
    void apply_shouldKeepGroupTraits_whenALaterIdentifySetsNoneOfItsOwn_andTakeThoseItSets() {
        LeadState grouped = SCORER.apply(identified(new Traits("dana@contoso.example", "Dana", null, null, null, null,
                null, null)), List.of(Ev.group("a1", "Contoso", 200, "software", T0.plusSeconds(10))), T0.plusSeconds(10))
                .state();
        LeadState titled = SCORER.apply(grouped, List.of(Ev.identify("a1", new Traits("dana@contoso.example", null, null,
                "Director", null, null, null, null), T0.plusSeconds(20))), T0.plusSeconds(20)).state();
        assertThat(titled.traits().company()).isEqualTo("Contoso");
        assertThat(titled.traits().companySize()).isEqualTo(200);
        assertThat(titled.traits().industry()).isEqualTo("software");
        LeadState moved = SCORER.apply(titled, List.of(Ev.identify("a1", new Traits("dana@contoso.example", null, null,
                null, "Fabrikam", 8, null, null), T0.plusSeconds(30))), T0.plusSeconds(30)).state();
        assertThat(moved.traits().company()).isEqualTo("Fabrikam");
        assertThat(moved.traits().companySize()).isEqualTo(8);
        assertThat(moved.traits().industry()).as("not set by the identify: kept").isEqualTo("software");
    }

    @Test
    void apply_shouldQualifyALead_whenAGroupCallLiftsTheGradeOfAScoreAlreadyOverTheThreshold() {
        LeadState s = identified(new Traits("dana@contoso.example", "Dana", null, null, null, null, null, null));
        assertThat(s.grade()).as("a business email alone").isEqualTo(Grade.D);
        LeadState engagedLead = SCORER.apply(s, engaged(T0), T0.plusSeconds(600)).state();
        assertThat(engagedLead.stage()).isEqualTo(Stage.LEAD);

        Outcome o = SCORER.apply(engagedLead, List.of(Ev.group("a1", "Contoso", 200, "software", T0.plusSeconds(600))),
                T0.plusSeconds(601));
        assertThat(o.state().grade()).isEqualTo(Grade.B);
        assertThat(o.state().stage()).isEqualTo(Stage.MQL);
        assertThat(o.state().scoreAt(T0.plusSeconds(601))).as("a group call scores no points")
                .isEqualTo(engagedLead.scoreAt(T0.plusSeconds(601)));
    }

    @Test
    void apply_shouldSetTraitsOnAnAnonymousLead_fromAnIdentifyWithoutEmail() {
        LeadState s = SCORER.apply(LeadState.fresh("a1", true, MODEL), List.of(Ev.identify("a1",
                new Traits(null, "Sam", null, "VP Sales", null, null, null, "DE"), T0)), T0).state();
        assertThat(s.traits()).isEqualTo(new Traits(null, "Sam", null, "VP Sales", null, null, null, "DE"));
        assertThat(s.grade()).as("senior title 30 + country 10").isEqualTo(Grade.C);
        assertThat(s.stage()).isEqualTo(Stage.ANONYMOUS);
    }

    @Test
    void apply_shouldChangeNothing_forAnAliasCall() {
        LeadState s = SCORER.apply(LeadState.fresh("a1", true, MODEL), engaged(T0), T0.plusSeconds(600)).state();
        Outcome o = SCORER.apply(s, List.of(Ev.alias("a1", "user-1", T0.plusSeconds(7200))), T0.plusSeconds(7201));
        assertThat(o.unchanged()).isTrue();
        assertThat(o.state()).isEqualTo(s);
        assertThat(o.appliedEventIds()).isEmpty();
    }

    @Test
    void applyAfter_shouldRegradeTheLead_whenAMergeCarriedCompanyTraits() {
        LeadState lead = identified(
                new Traits("dana@contoso.example", "Dana", null, "Director", null, null, null, null));
        assertThat(lead.grade()).as("title 30 + business email 20").isEqualTo(Grade.B);
        LeadState anon = SCORER.apply(LeadState.fresh("a2", true, MODEL),
                List.of(Ev.group("a2", "Contoso", 200, "software", T0.plusSeconds(5))), T0.plusSeconds(5)).state();
        LeadState merged = LeadMerge.merge(lead, anon, MODEL, T0.plusSeconds(10)).lead();
        Outcome o = SCORER.applyAfter(lead, merged, Map.of(), false, List.of(), T0.plusSeconds(10));
        assertThat(o.state().traits().company()).isEqualTo("Contoso");
        assertThat(o.state().grade()).isEqualTo(Grade.A);
    }
}
