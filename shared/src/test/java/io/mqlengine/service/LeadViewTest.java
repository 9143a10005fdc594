package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.Ev;
import io.mqlengine.json.Json;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.SalesOutcome.Kind;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadMerge;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.SalesOutcomes;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.model.TrackingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadViewTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadScorer SCORER = new LeadScorer(MODEL);
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private static LeadState apply(LeadState s, Instant now, TrackingEvent... events) {
        return SCORER.apply(s, List.of(events), now).state();
    }

    /** An anonymous visitor who hit capped rules past their caps and clicked two email links a day apart. */
    private static LeadState anonymousHistory() {
        LeadState anon = LeadState.fresh("anon-1", true, MODEL);
        List<TrackingEvent> events = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            events.add(Ev.page("anon-1", "/product/p" + i, T0.plusSeconds(60L * i)));
        }
        events.add(Ev.page("anon-1", "/pricing", T0.plusSeconds(900)));
        events.add(Ev.page("anon-1", "/pricing", T0.plusSeconds(960)));
        events.add(Ev.track("anon-1", "Email Link Clicked", T0.plusSeconds(1000)));
        events.add(Ev.track("anon-1", "Email Link Clicked", T0.plus(Duration.ofDays(1))));
        return SCORER.apply(anon, events, T0.plus(Duration.ofDays(1))).state();
    }

    /** A known lead built through a merge, capped rules, a click burst's take-back and a sales outcome's points. */
    private static LeadState throughEveryPath() {
        Instant day2 = T0.plus(Duration.ofDays(2));
        LeadState lead = LeadState.fresh("lead-1", false, MODEL).toBuilder().version(1).build();
        lead = apply(lead, day2, Ev.identify("anon-2", Ev.fitting("ada@acme.io"), day2),
                Ev.track("anon-2", "Webinar Attended", day2), Ev.track("anon-2", "Webinar Attended", day2.plusSeconds(5)),
                Ev.track("anon-2", "Webinar Attended", day2.plusSeconds(9)));
        lead = LeadMerge.merge(lead, anonymousHistory(), MODEL, day2).lead();
        // a scanner follows the email's links: the second click within a second takes the first back
        Instant day3 = T0.plus(Duration.ofDays(3));
        lead = apply(lead, day3, Ev.track("anon-2", "Email Link Clicked", day3),
                Ev.track("anon-2", "Email Link Clicked", day3.plusMillis(400)));
        assertThat(lead.bot()).as("the burst flagged the lead").isNotNull();
        lead = apply(lead, day3, Ev.track("anon-2", "Demo Requested", day3.plusSeconds(30)));
        assertThat(lead.stage()).isEqualTo(Stage.MQL);
        lead = lead.toBuilder().version(lead.version()).handedOff(lead.qualifications()).build();
        return new SalesOutcomes(MODEL).apply(lead, List.of(new SalesOutcome("o-1",
                new SalesOutcome.Target("lead-1", null, null), Kind.REJECTED, "wrong person",
                day3.plusSeconds(600), "rep@example.com")), day3.plusSeconds(600)).outcome().state();
    }

    @Test
    void breakdown_shouldSumToTheScore_forALeadBuiltThroughMergeCapsBurstAndOutcome() {
        LeadState lead = throughEveryPath();
        for (Instant at : List.of(T0.plus(Duration.ofDays(3)).plusSeconds(601), T0.plus(Duration.ofDays(40)),
                T0.plus(Duration.ofDays(400)))) {
            LeadView v = LeadView.of(lead, MODEL, at);
            assertThat(v.breakdownSum()).as("at %s", at).isCloseTo(v.score(), within(0.01));
        }
        LeadView v = LeadView.of(lead, MODEL, T0.plus(Duration.ofDays(4)));
        assertThat(v.breakdown()).extracting(LeadView.Part::rule)
                .contains("product-page", "pricing-page", "webinar-attended", "demo-request", "outcome:rejected");
        assertThat(v.part("outcome:rejected").description()).isEqualTo("sales outcome: rejected");
        assertThat(v.part("product-page").count()).as("3 a day: the rest was over the cap").isEqualTo(3);
        assertThat(v.part("email-click").count()).as("the anonymous clicks stay, the burst's are taken back")
                .isEqualTo(2);
    }

    @Test
    void json_shouldAddUpToTheScore_withinACent() {
        LeadState lead = throughEveryPath();
        JsonNode n = Json.read(LeadViewJson.of(LeadView.of(lead, MODEL, T0.plus(Duration.ofDays(5)))).toString());
        double sum = 0;
        for (JsonNode p : n.get("breakdown")) {
            sum += p.get("points").asDouble();
        }
        assertThat(sum).isCloseTo(n.get("score").asDouble(), within(0.01));
        assertThat(n.get("stage").asText()).isEqualTo("RECYCLED");
        assertThat(n.get("traits").get("email").asText()).isEqualTo("ada@acme.io");
        assertThat(n.get("fit").get("rules")).isNotEmpty();
        assertThat(n.get("history").get(n.get("history").size() - 1).get("cause").asText())
                .isEqualTo("outcome:rejected");
        assertThat(n.get("handoffs").get(0).get("handoffId").asText()).isEqualTo("lead-1#1");
        assertThat(n.get("handoffs").get(0).get("handedOff").asBoolean()).isTrue();
        assertThat(n.get("outcomes").get(0).get("status").asText()).isEqualTo("applied");
        assertThat(n.get("bot").get("reason").asText()).isEqualTo(LeadState.Bot.CLICK_BURST);
        assertThat(n.get("next").get(0).get("action").asText()).isEqualTo("archive");
    }

    @Test
    void breakdown_shouldSumToTheScore_whenAnEventIsStampedAheadOfTheClock() {
        LeadState lead = LeadState.fresh("lead-2", false, MODEL).toBuilder().version(1).build();
        Instant ahead = T0.plus(Duration.ofMinutes(5));
        List<TrackingEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(Ev.track("anon-3", "Webinar Attended", ahead.plus(Duration.ofDays(31L * i))));
        }
        lead = SCORER.apply(lead, events, T0).state();
        LeadView v = LeadView.of(lead, MODEL, T0.plus(Duration.ofDays(31L * 19)));
        assertThat(v.breakdownSum()).isCloseTo(v.score(), within(0.01));
        LeadView early = LeadView.of(SCORER.apply(LeadState.fresh("lead-3", false, MODEL),
                List.of(Ev.track("a", "Demo Requested", ahead), Ev.track("a", "Trial Started", ahead),
                        Ev.track("a", "Webinar Attended", ahead), Ev.track("a", "Contact Form Submitted", ahead)), T0)
                .state(), MODEL, T0);
        assertThat(early.breakdownSum()).as("before the events' time").isCloseTo(early.score(), within(0.001));
    }

    @Test
    void breakdown_shouldSumToTheScore_whenABurstFollowsAScoreReset() {
        ScoringModel resetting = new ScoringModel(MODEL.version(), MODEL.halfLife(), MODEL.sessionTimeout(),
                MODEL.mql(), MODEL.recycleThreshold(), MODEL.staleAfter(), MODEL.handoffRetryAfter(), MODEL.behaviour(),
                MODEL.fit(), MODEL.disqualifiers(), MODEL.emailDomains(), MODEL.bots(),
                new ScoringModel.Outcomes(Map.of(Kind.REJECTED, new ScoringModel.OutcomeRule(-10, true))), MODEL.sla());
        LeadScorer scorer = new LeadScorer(resetting);
        LeadState lead = LeadState.fresh("lead-4", false, resetting).toBuilder().version(1).build();
        lead = scorer.apply(lead, List.of(Ev.identify("a4", Ev.fitting("bo@acme.io"), T0),
                Ev.track("a4", "Email Link Clicked", T0.plusSeconds(10)),
                Ev.track("a4", "Demo Requested", T0.plusSeconds(20))), T0.plusSeconds(30)).state();
        assertThat(lead.stage()).isEqualTo(Stage.MQL);
        lead = new SalesOutcomes(resetting).apply(lead, List.of(new SalesOutcome("o-2",
                new SalesOutcome.Target("lead-4", null, null), Kind.REJECTED, null, T0.plusSeconds(60), null)),
                T0.plusSeconds(60)).outcome().state();
        // a second click within a second of the one before the reset: a burst, whose first click's points are gone
        lead = scorer.apply(lead, List.of(Ev.track("a4", "Email Link Clicked", T0.plusSeconds(10).plusMillis(500))),
                T0.plusSeconds(90)).state();
        LeadView v = LeadView.of(lead, resetting, T0.plusSeconds(120));
        assertThat(v.breakdownSum()).isCloseTo(v.score(), within(0.01));
        assertThat(v.score()).isCloseTo(-10, within(0.01));
    }

    @Test
    void next_shouldBeTheSlaThenTheRecycle_forAnMqlNotYetAccepted() {
        LeadState lead = LeadState.fresh("lead-5", false, MODEL).toBuilder().version(1).build();
        lead = apply(lead, T0, Ev.identify("a5", Ev.fitting("cy@acme.io"), T0), Ev.track("a5", "Demo Requested", T0));
        List<LeadView.Next> next = LeadView.of(lead, MODEL, T0).next();
        assertThat(next).extracting(LeadView.Next::action)
                .containsExactly(LeadView.Action.SLA_MISSED, LeadView.Action.RECYCLE);
        assertThat(next.get(0).at()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(next.get(1).at()).isEqualTo(lead.score().fallsBelow(MODEL.recycleThreshold(),
                T0.plus(MODEL.mql().holdFor())).orElseThrow());
    }

    @Test
    void next_shouldBeNothing_forALeadSalesOwn() {
        LeadState lead = LeadState.fresh("lead-6", false, MODEL).toBuilder().version(1).build();
        lead = apply(lead, T0, Ev.identify("a6", Ev.fitting("di@acme.io"), T0), Ev.track("a6", "Demo Requested", T0));
        lead = new SalesOutcomes(MODEL).apply(lead, List.of(new SalesOutcome("o-3",
                new SalesOutcome.Target("lead-6", null, null), Kind.ACCEPTED, null, T0.plusSeconds(60), null)),
                T0.plusSeconds(60)).outcome().state();
        assertThat(lead.stage()).isEqualTo(Stage.SAL);
        assertThat(LeadView.of(lead, MODEL, T0.plusSeconds(60)).next()).isEmpty();
    }

    @Test
    void next_shouldBeTheArchive_atLastSeenPlusTheStaleHorizon_forALead() {
        LeadState lead = apply(LeadState.fresh("lead-7", false, MODEL), T0, Ev.page("a7", "/blog/x", T0));
        assertThat(LeadView.of(lead, MODEL, T0).next()).containsExactly(
                new LeadView.Next(LeadView.Action.ARCHIVE, T0.plus(MODEL.staleAfter())));
    }

    @Test
    void handoffs_shouldNumberEachQualification_andSayWhichWereHandedOff() {
        LeadState lead = LeadState.fresh("lead-8", false, MODEL).toBuilder().version(1).build();
        lead = apply(lead, T0, Ev.identify("a8", Ev.fitting("ed@acme.io"), T0), Ev.track("a8", "Demo Requested", T0));
        lead = lead.toBuilder().handedOff(1).build();
        lead = new SalesOutcomes(MODEL).apply(lead, List.of(new SalesOutcome("o-4",
                new SalesOutcome.Target("lead-8", null, null), Kind.REJECTED, null, T0.plusSeconds(60), null)),
                T0.plusSeconds(60)).outcome().state();
        Instant later = T0.plus(Duration.ofDays(2));
        lead = apply(lead, later, Ev.track("a8", "Demo Requested", later));
        assertThat(lead.qualifications()).isEqualTo(2);
        assertThat(LeadView.of(lead, MODEL, later).handoffs()).containsExactly(
                new LeadView.Handoff("lead-8#1", 1, T0, "hand-raiser", true),
                new LeadView.Handoff("lead-8#2", 2, later, "hand-raiser", false));
    }
}
