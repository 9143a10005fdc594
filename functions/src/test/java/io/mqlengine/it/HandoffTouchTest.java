package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.handoff.StreamImages;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.HandoffMessage;
import io.mqlengine.store.LeadItems;
import org.junit.jupiter.api.Test;

/** The handoff message tells sales where the lead came from: its first and last touch, as the schema publishes. */
class HandoffTouchTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();

    private static LeadState sampleLead() {
        DynamodbEvent sample = EventLoader.loadDynamoDbEvent(LambdaEvents.sample("handoff/stream-qualified.json").toString());
        return LeadItems.pendingHandoff(StreamImages.toSdk(sample.getRecords().get(0).getDynamodb().getNewImage()))
                .orElseThrow();
    }

    @Test
    void build_shouldCarryFirstAndLastTouch_whenTheLeadHasThem() {
        JsonNode m = HandoffMessage.build(sampleLead(), MODEL);

        assertThat(Schemas.problems("handoff-message.schema.json", m)).isEmpty();
        JsonNode first = m.get("firstTouch");
        assertThat(first.get("source").asText()).isEqualTo("google");
        assertThat(first.get("medium").asText()).isEqualTo("cpc");
        assertThat(first.get("campaign").asText()).isEqualTo("spring-launch");
        assertThat(first.get("referrer").asText()).isEqualTo("www.google.com");
        assertThat(first.get("at").asText()).isEqualTo("2026-11-23T09:58:30Z");
        JsonNode last = m.get("lastTouch");
        assertThat(last.get("campaign").asText()).isEqualTo("november-digest");
        assertThat(last.has("referrer")).isFalse();
    }

    @Test
    void build_shouldLeaveTouchesOut_whenTheLeadHasNone() {
        LeadState lead = sampleLead();
        LeadState untouched = new LeadState(lead.id(), lead.anonymous(), lead.version(), lead.stage(),
                lead.stageChangedAt(), lead.score(), lead.contributions(), lead.caps(), lead.seen(), lead.traits(),
                lead.grade(), lead.firstSeen(), lead.lastSeen(), lead.qualifications(), lead.qualifiedAt(),
                lead.qualifiedBy(), lead.handedOff(), lead.disqualifiedBy(), lead.bot(), lead.clicks(), lead.handRaise(),
                lead.mergedAnonymousIds(), lead.sameAs(), lead.reviewAt(), lead.modelVersion(), lead.history(),
                lead.outcomes(), lead.slaMissedAt(), null, null, lead.createdAt());

        JsonNode m = HandoffMessage.build(untouched, MODEL);

        assertThat(Schemas.problems("handoff-message.schema.json", m)).isEmpty();
        assertThat(m.has("firstTouch")).isFalse();
        assertThat(m.has("lastTouch")).isFalse();
    }
}
