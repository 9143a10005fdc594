package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mqlengine.Ev;
import io.mqlengine.model.Stage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadMergeTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadScorer SCORER = new LeadScorer(MODEL);
    private static final Instant T0 = Instant.parse("2026-02-10T08:00:00Z");

    private static LeadState anonymousWithHistory() {
        return SCORER.apply(LeadState.fresh("anon-1", true, MODEL), List.of(
                Ev.page("anon-1", "/pricing", T0),
                Ev.page("anon-1", "/product/x", T0.plusSeconds(30)),
                Ev.track("anon-1", "Email Opened", T0.plusSeconds(40))), T0.plusSeconds(50)).state();
    }

    private static LeadState leadWithHistory() {
        return SCORER.apply(LeadState.fresh("lead-1", false, MODEL), List.of(
                Ev.identify("anon-2", Ev.fitting("ada@acme.io"), T0.plusSeconds(100)),
                Ev.page("anon-2", "/pricing", T0.plusSeconds(110))), T0.plusSeconds(120)).state();
    }

    @Test
    void merge_shouldAddTheAnonymousHistoryToTheLead() {
        LeadState anon = anonymousWithHistory();
        LeadState lead = leadWithHistory();
        LeadMerge.Merged m = LeadMerge.merge(lead, anon, MODEL, T0.plusSeconds(200));
        Instant now = T0.plusSeconds(200);
        assertThat(m.lead().scoreAt(now)).isCloseTo(lead.scoreAt(now) + anon.scoreAt(now), within(1e-9));
        assertThat(m.lead().contributions().get("pricing-page").count()).isEqualTo(2);
        assertThat(m.lead().contributions().get("email-open").count()).isEqualTo(1);
        assertThat(m.lead().firstSeen()).isEqualTo(T0);
        assertThat(m.lead().mergedAnonymousIds()).containsExactly("anon-1");
        assertThat(m.lead().traits()).isEqualTo(lead.traits());
        assertThat(m.lead().stage()).isEqualTo(Stage.LEAD);
        assertThat(m.increments()).isEqualTo(anon.score().eras());
        assertThat(m.lead().version()).isEqualTo(lead.version());
        assertThat(m.lead().seen().inlineCount()).isEqualTo(lead.seen().inlineCount() + anon.seen().inlineCount());
    }

    @Test
    void merge_shouldBeIdempotent_mergingTwiceEqualsMergingOnce() {
        LeadState anon = anonymousWithHistory();
        LeadMerge.Merged once = LeadMerge.merge(leadWithHistory(), anon, MODEL, T0.plusSeconds(200));
        LeadMerge.Merged twice = LeadMerge.merge(once.lead(), anon, MODEL, T0.plusSeconds(300));
        assertThat(twice.lead()).isEqualTo(once.lead());
        assertThat(twice.changed()).isFalse();
        assertThat(twice.increments()).isEmpty();
    }

    @Test
    void merge_shouldNotCarryABotsHistory_butRememberTheId() {
        LeadState bot = SCORER.apply(LeadState.fresh("anon-bot", true, MODEL), List.of(Ev.withUserAgent(
                Ev.page("anon-bot", "/pricing", T0), "curl/8.1")), T0).state();
        assertThat(bot.stage()).isEqualTo(Stage.DISQUALIFIED);
        LeadState lead = leadWithHistory();
        LeadMerge.Merged m = LeadMerge.merge(lead, bot, MODEL, T0.plusSeconds(200));
        assertThat(m.lead().scoreAt(T0.plusSeconds(200))).isEqualTo(lead.scoreAt(T0.plusSeconds(200)));
        assertThat(m.lead().mergedAnonymousIds()).containsExactly("anon-bot");
    }

    @Test
    void merge_shouldKeepBothLeadsDedupeIds() {
        List<io.mqlengine.model.TrackingEvent> anonEvents = new java.util.ArrayList<>();
        List<io.mqlengine.model.TrackingEvent> leadEvents = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            anonEvents.add(Ev.page("anon-3", "/a/" + i, T0.plusSeconds(i)));
            leadEvents.add(Ev.page("anon-4", "/b/" + i, T0.plusSeconds(100 + i)));
        }
        LeadState anon = SCORER.apply(LeadState.fresh("anon-3", true, MODEL), anonEvents, T0.plusSeconds(50)).state();
        LeadState lead = SCORER.apply(LeadState.fresh("lead-3", false, MODEL), leadEvents, T0.plusSeconds(150)).state();
        LeadState merged = LeadMerge.merge(lead, anon, MODEL, T0.plusSeconds(200)).lead();
        assertThat(merged.seen().inlineCount()).isEqualTo(40);
        for (io.mqlengine.model.TrackingEvent e : leadEvents) {
            assertThat(merged.seen().contains(e.eventId())).as(e.eventId()).isTrue();
        }
        for (io.mqlengine.model.TrackingEvent e : anonEvents) {
            assertThat(merged.seen().contains(e.eventId())).as(e.eventId()).isTrue();
        }
    }

    @Test
    void merge_shouldCarryTheAnonymousLeadsTraits_whereTheLeadHasNone() {
        LeadState anon = SCORER.apply(LeadState.fresh("anon-6", true, MODEL), List.of(
                Ev.group("anon-6", "Initech", 500, "fintech", T0),
                Ev.identify("anon-6", new io.mqlengine.model.Traits(null, null, null, "Intern", null, null, null, "FR"),
                        T0.plusSeconds(1))), T0.plusSeconds(2)).state();
        LeadState lead = leadWithHistory();
        LeadState merged = LeadMerge.merge(lead, anon, MODEL, T0.plusSeconds(200)).lead();
        assertThat(merged.traits().title()).as("the lead's own").isEqualTo(lead.traits().title());
        assertThat(merged.traits().company()).as("the lead's own").isEqualTo(lead.traits().company());
        assertThat(merged.traits().email()).isEqualTo(lead.traits().email());

        LeadState bare = SCORER.apply(LeadState.fresh("lead-7", false, MODEL), List.of(Ev.identify("anon-7",
                new io.mqlengine.model.Traits("li@initech.example", null, null, null, null, null, null, null),
                T0.plusSeconds(100))), T0.plusSeconds(100)).state();
        LeadState filled = LeadMerge.merge(bare, anon, MODEL, T0.plusSeconds(200)).lead();
        assertThat(filled.traits()).isEqualTo(new io.mqlengine.model.Traits("li@initech.example", null, null, "Intern",
                "Initech", 500, "fintech", "FR"));
        assertThat(filled.sameAs()).isEmpty();
    }

    @Test
    void noteSameAs_shouldAddTheIdsOnce_leavingItselfOut_andStampANewLeadsFirstSeen() {
        LeadState fresh = LeadState.fresh("u-1", true, MODEL);
        LeadState noted = LeadMerge.noteSameAs(fresh, List.of("anon-1", "u-1"), T0);
        assertThat(noted.sameAs()).containsExactly("anon-1");
        assertThat(noted.firstSeen()).isEqualTo(T0);
        assertThat(noted.lastSeen()).isEqualTo(T0);
        assertThat(LeadMerge.noteSameAs(noted, List.of("anon-1"), T0.plusSeconds(60))).isSameAs(noted);

        LeadState active = anonymousWithHistory();
        LeadState activeNoted = LeadMerge.noteSameAs(active, List.of("u-1"), T0.plusSeconds(3600));
        assertThat(activeNoted.lastSeen()).as("an alias is not activity").isEqualTo(active.lastSeen());
        assertThat(activeNoted.score()).isEqualTo(active.score());
    }

    @Test
    void noteSameAs_shouldKeepTheLatestIds_whenOverCapacity() {
        LeadState s = LeadState.fresh("u-1", true, MODEL);
        for (int i = 0; i < LeadState.SAME_AS_KEPT + 2; i++) {
            s = LeadMerge.noteSameAs(s, List.of("anon-" + i), T0);
        }
        assertThat(s.sameAs()).hasSize(LeadState.SAME_AS_KEPT).startsWith("anon-2")
                .endsWith("anon-" + (LeadState.SAME_AS_KEPT + 1));
    }
}
