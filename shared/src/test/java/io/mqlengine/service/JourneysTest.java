package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.MutableClock;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.json.Json;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.Explanation;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.ProfileKey;
import io.mqlengine.store.Stored;
import io.mqlengine.journey.Journey;
import io.mqlengine.testing.TemplateResources;
import io.mqlengine.validation.Limits;
import io.mqlengine.validation.TrackingRequest;
import io.mqlengine.validation.TrackingRequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every journey in events/journeys through validation, scoring, handoff and the sweep, in memory. */
class JourneysTest {
    private static final Instant START = Instant.parse("2026-06-01T09:00:00Z");
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadIds LEAD_IDS = new LeadIds("journey-test-secret");

    static Stream<Journey> journeys() {
        return Journey.all(TemplateResources.repositoryRoot().resolve("events/journeys")).stream();
    }

    @Test
    void journeys_shouldNumberAtLeastTen() {
        assertThat(Journey.all(TemplateResources.repositoryRoot().resolve("events/journeys"))).hasSizeGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void journey_shouldQualifyGradeAndExplainAsExpected(Journey j) {
        MutableClock clock = new MutableClock(START);
        InMemoryLeadStore store = new InMemoryLeadStore();
        LeadScorer scorer = new LeadScorer(MODEL);
        ScoreService scoring = new ScoreService(store, scorer, LEAD_IDS, clock);
        List<String> handoffs = new ArrayList<>();
        HandoffService handoff = new HandoffService(store, (id, group, body) -> handoffs.add(body), MODEL, clock);
        SweepService sweep = new SweepService(store, scorer, clock);
        TrackingRequestParser parser = new TrackingRequestParser(Limits.DEFAULT);

        ProfileKey subject = null;
        Integer qualifiedAt = null;
        for (int i = 0; i < j.steps().size(); i++) {
            Journey.Step step = j.steps().get(i);
            Instant at = START.plus(step.at());
            ObjectNode request = Json.object().put("writeKey", "k");
            request.putArray("events").add(step.eventAt(j.file() + "-" + (i + 1), START));
            TrackingRequest parsed = parser.parse(request.toString().getBytes(StandardCharsets.UTF_8), at);
            assertThat(parsed.rejected()).as("step %d is a valid tracking event", i + 1).isEmpty();
            TrackingEvent e = parsed.accepted().get(0).event();
            if (subject == null) {
                subject = ProfileKey.anonymous(e.anonymousId());
            }
            if (e.type() == EventType.IDENTIFY) {
                subject = ProfileKey.lead(LEAD_IDS.forEmail(e.email()));
            }
            clock.set(at.plusSeconds(1));
            ScoreService.Result r = scoring.score(List.of(new ScoreService.Item("m" + i, e)));
            assertThat(r.failedMessageIds()).isEmpty();
            handOffPending(store, handoff);
            if (qualifiedAt == null && state(store, subject).qualifications() > 0) {
                qualifiedAt = i + 1;
            }
        }
        LeadState end = state(store, subject);
        Instant last = clock.instant();
        assertThat(qualifiedAt).as("step at which %s qualifies", j.name()).isEqualTo(j.qualifiesAtStep());
        assertThat(end.grade()).as("grade").isEqualTo(j.grade());
        assertThat(end.stage()).as("stage").isEqualTo(j.stage());
        assertThat(Explanation.topReasons(end, MODEL, last, 3)).extracting(Explanation.Reason::ruleId)
                .as("top three reasons").containsExactlyElementsOf(j.topReasons());
        assertThat(handoffs).as("one handoff per qualification").hasSize(j.qualifiesAtStep() == null ? 0 : 1);
        for (String h : handoffs) {
            assertThat(Json.read(h).get("reasons").get(0).get("rule").asText()).isNotBlank();
        }
        for (Journey.Later later : j.later()) {
            clock.set(START.plus(later.at()));
            sweep.sweep(() -> true);
            assertThat(state(store, subject).stage()).as("stage at %s", later.at()).isEqualTo(later.stage());
            assertThat(sweep.sweep(() -> true).written()).as("a second sweep at the same instant").isZero();
        }
    }

    private static void handOffPending(InMemoryLeadStore store, HandoffService handoff) {
        for (Stored s : store.all().values()) {
            if (s instanceof Stored.Profile p && p.state().handoffPending()) {
                handoff.handOff(p.state());
            }
        }
    }

    private static LeadState state(InMemoryLeadStore store, ProfileKey key) {
        return ((Stored.Profile) store.all().get(key)).state();
    }
}
