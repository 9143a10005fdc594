package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.testing.Emulators;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lead whose email was scanned (every link clicked within a second) and who then asks for a demo: the scanner's
 * clicks score nothing, and the handoff tells sales the lead carries a bot flag.
 */
class BotHandoffTest {
    private Stack stack;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
    }

    private void post(ObjectNode request) {
        var r = stack.post(request.toString());
        assertThat(r.getStatusCode()).as(PipelineContract.body(r)).isEqualTo(202);
        stack.drainEvents();
    }

    private static ObjectNode event(ArrayNode events, String id, String type, Instant at) {
        return events.addObject().put("eventId", id).put("type", type).put("anonymousId", "anon-scanned")
                .put("timestamp", at.toString());
    }

    @Test
    void handoff_shouldCarryTheBotFlag_andNoPointsForTheScannersClicks_whenTheLeadQualifies() {
        Instant at = stack.clock.instant().minusSeconds(60);
        ObjectNode identify = Json.object().put("writeKey", Stack.WRITE_KEY);
        event(identify.putArray("events"), "scanned-identify", "identify", at).putObject("traits")
                .put("email", HandRaisers.email("scanned")).put("title", "VP Engineering").put("companySize", 250)
                .put("industry", "software").put("country", "GB");
        post(identify);
        ObjectNode clicks = Json.object().put("writeKey", Stack.WRITE_KEY);
        ArrayNode events = clicks.putArray("events");
        for (int i = 0; i < 3; i++) {
            event(events, "scanned-click-" + i, "track", at.plusSeconds(10).plusMillis(200L * i))
                    .put("event", "Email Link Clicked");
        }
        post(clicks);
        ObjectNode demo = Json.object().put("writeKey", Stack.WRITE_KEY);
        event(demo.putArray("events"), "scanned-demo", "track", at.plusSeconds(30)).put("event", "Demo Requested");
        post(demo);

        stack.drainStream();

        List<String> handoffs = stack.readAll("HandoffQueue");
        assertThat(handoffs).hasSize(1);
        JsonNode m = Json.read(handoffs.get(0));
        assertThat(Schemas.problems("handoff-message.schema.json", m)).isEmpty();
        assertThat(m.path("bot").path("reason").asText()).isEqualTo("email-click-burst");
        assertThat(m.path("reasons").findValuesAsText("rule")).doesNotContain("email-click");
        assertThat(m.path("recentActivity").findValuesAsText("rule")).doesNotContain("email-click");
        assertThat(m.path("qualifiedBy").asText()).isNotEqualTo("score");
    }
}
