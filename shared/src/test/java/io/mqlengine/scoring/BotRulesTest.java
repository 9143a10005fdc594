package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mqlengine.Ev;
import io.mqlengine.model.TrackingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bot rules of the scoring model: the daily limit on a lead's events, and bursts of email link clicks. */
class BotRulesTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadScorer SCORER = new LeadScorer(MODEL);
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    private static final String CLICK = "Email Link Clicked";

    private static LeadScorer withDailyLimit(int perDay) {
        ScoringModel.Bots b = MODEL.bots();
        return new LeadScorer(new ScoringModel(MODEL.version(), MODEL.halfLife(), MODEL.sessionTimeout(), MODEL.mql(),
                MODEL.recycleThreshold(), MODEL.staleAfter(), MODEL.handoffRetryAfter(), MODEL.behaviour(), MODEL.fit(),
                MODEL.disqualifiers(), MODEL.emailDomains(),
                new ScoringModel.Bots(perDay, b.burstEvent(), b.burstClicks(), b.burstWithin())));
    }

    private static LeadState lead() {
        return LeadState.fresh("lead-1", false, MODEL);
    }

    private static List<TrackingEvent> pages(int n, Instant from) {
        List<TrackingEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Ev.page("a1", "/blog/" + i, from.plusSeconds(i)));
        }
        return out;
    }

    @Test
    void apply_shouldScoreNoMoreThanTheDailyLimit_andFlagTheLeadOnce() {
        LeadScorer scorer = withDailyLimit(5);
        List<TrackingEvent> eight = pages(8, T0);

        Outcome o = scorer.apply(lead(), eight, T0.plusSeconds(60));

        assertThat(o.appliedEventIds()).hasSize(5);
        assertThat(o.throttled()).isEqualTo(3);
        assertThat(o.state().contributions().get("page-view").count()).isEqualTo(5);
        assertThat(o.state().bot()).isEqualTo(new LeadState.Bot(LeadState.Bot.EVENT_RATE, T0.plusSeconds(60)));

        Outcome again = scorer.apply(o.state(), eight, T0.plusSeconds(120));
        assertThat(again.unchanged()).as("the same day: throttled again, nothing to write").isTrue();
        assertThat(again.throttled()).isEqualTo(3);

        Outcome tomorrow = scorer.apply(o.state(), eight, T0.plus(Duration.ofDays(1)));
        assertThat(tomorrow.appliedEventIds()).as("not remembered when throttled: applied the next day, once")
                .containsExactlyElementsOf(eight.subList(5, 8).stream().map(TrackingEvent::eventId).toList());
        assertThat(tomorrow.state().bot().since()).as("flagged at the first time").isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void apply_shouldScoreNoClickOfABurst_whenTwoClicksComeWithinASecondInOneBatch() {
        Outcome o = SCORER.apply(lead(), List.of(Ev.track("a1", CLICK, T0), Ev.track("a1", CLICK, T0.plusMillis(300))),
                T0.plusSeconds(10));

        assertThat(o.appliedEventIds()).as("both remembered").hasSize(2);
        assertThat(o.state().scoreAt(T0.plusSeconds(10))).isCloseTo(0, within(1e-9));
        assertThat(o.state().contributions().get("email-click").count()).isZero();
        assertThat(o.state().bot().reason()).isEqualTo(LeadState.Bot.CLICK_BURST);
    }

    @Test
    void apply_shouldTakeBackAnEarlierClick_whenALaterBatchCompletesItsBurst() {
        Outcome first = SCORER.apply(lead(), List.of(Ev.track("a1", CLICK, T0)), T0.plusSeconds(5));
        assertThat(first.state().scoreAt(T0)).isCloseTo(8, within(1e-6));
        assertThat(first.state().caps().get("email-click").count()).isEqualTo(1);

        Outcome second = SCORER.apply(first.state(), List.of(Ev.track("a1", CLICK, T0.plusMillis(600))),
                T0.plusSeconds(6));

        assertThat(second.state().scoreAt(T0.plusSeconds(6))).isCloseTo(0, within(1e-6));
        assertThat(second.state().contributions().get("email-click").count()).isZero();
        assertThat(second.state().caps().get("email-click").count()).as("the cap gives the click back").isZero();
        assertThat(second.change().eraIncrements().values()).as("written as a negative ADD").allSatisfy(v ->
                assertThat(v).isNegative());
        assertThat(second.state().bot().reason()).isEqualTo(LeadState.Bot.CLICK_BURST);
    }

    @Test
    void apply_shouldFindTheBurst_whenTheLaterClickArrivesFirst() {
        Outcome later = SCORER.apply(lead(), List.of(Ev.track("a1", CLICK, T0.plusMillis(900))), T0.plusSeconds(5));
        Outcome earlier = SCORER.apply(later.state(), List.of(Ev.track("a1", CLICK, T0)), T0.plusSeconds(6));
        assertThat(earlier.state().scoreAt(T0.plusSeconds(6))).isCloseTo(0, within(1e-6));
        assertThat(earlier.state().bot()).isNotNull();
    }

    @Test
    void apply_shouldScoreBothClicks_andFlagNothing_whenAPersonClicksSecondsApart() {
        Outcome o = SCORER.apply(lead(), List.of(Ev.track("a1", CLICK, T0), Ev.track("a1", CLICK, T0.plusSeconds(4))),
                T0.plusSeconds(10));
        assertThat(o.state().contributions().get("email-click").count()).isEqualTo(2);
        assertThat(o.state().scoreAt(T0.plusSeconds(4))).isCloseTo(16, within(1e-3));
        assertThat(o.state().bot()).isNull();
    }

    @Test
    void apply_shouldNotTakeTheSameClickBackTwice_whenAThirdClickJoinsTheBurst() {
        Outcome o = SCORER.apply(lead(), List.of(Ev.track("a1", CLICK, T0)), T0.plusSeconds(5));
        o = SCORER.apply(o.state(), List.of(Ev.track("a1", CLICK, T0.plusMillis(400))), T0.plusSeconds(6));
        o = SCORER.apply(o.state(), List.of(Ev.track("a1", CLICK, T0.plusMillis(800))), T0.plusSeconds(7));
        assertThat(o.state().scoreAt(T0.plusSeconds(7))).isCloseTo(0, within(1e-6));
        assertThat(o.state().contributions().get("email-click").count()).isZero();
    }
}
