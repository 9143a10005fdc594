package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A client's late retry of a request already applied, as analytics.js's persistent retry queue or
 * RudderStack's retries make one: an email click, then newer events of the same lead, then the click's request
 * again, unchanged. Within the accepted horizon ({@code MAX_EVENT_AGE}) the lead recognises the event id
 * however many events came in between; beyond it, ingest refuses the event by its age.
 */
class LateRetryTest {
    private static final String VISITOR = "anon-late-retry";
    private static final String CLICK_ID = "late-retry-click";
    /** The most events one request may carry. */
    private static final int EVENTS_PER_REQUEST = 100;
    private static final Duration DRAIN_DEADLINE = Duration.ofSeconds(45);

    private Stack stack;
    private EventSourceMapping mapping;
    private int newerSent;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
        mapping = EventSourceMapping.events(stack);
    }

    /** The click's request, without sentAt: a retry carries the event's original timestamp, uncorrected. */
    private String clickRequest(Instant at) {
        ObjectNode request = Json.object().put("writeKey", Stack.WRITE_KEY);
        request.putArray("events").addObject().put("eventId", CLICK_ID).put("type", "track")
                .put("event", "Email Link Clicked").put("anonymousId", VISITOR).put("timestamp", at.toString())
                .putObject("properties").put("campaign", "winter-launch").put("url", "https://example.com/pricing");
        return request.toString();
    }

    /** {@code n} newer events of the visitor, page views and engagement heartbeats, in as few requests as allowed. */
    private void sendNewer(int n) {
        Instant from = stack.clock.instant().minusSeconds(50);
        for (int done = 0; done < n; done += EVENTS_PER_REQUEST) {
            ObjectNode request = Json.object().put("writeKey", Stack.WRITE_KEY);
            ArrayNode events = request.putArray("events");
            for (int i = done; i < Math.min(n, done + EVENTS_PER_REQUEST); i++) {
                int k = newerSent++;
                ObjectNode e = events.addObject().put("eventId", "newer-" + k).put("anonymousId", VISITOR)
                        .put("timestamp", from.plusMillis(10L * i).toString());
                if (k % 3 == 2) {
                    e.put("type", "track").put("event", "Session Engaged").putObject("properties").put("seconds", 30);
                } else {
                    e.put("type", "page").putObject("context").putObject("page").put("path", "/blog/post-" + k);
                }
            }
            post(request.toString());
        }
    }

    private void post(String body) {
        APIGatewayV2HTTPResponse r = stack.post(body);
        assertThat(r.getStatusCode()).as(PipelineContract.body(r)).isEqualTo(202);
    }

    private void drain() {
        mapping.drain(stack.score, DRAIN_DEADLINE);
    }

    private LeadState lead() {
        return stack.store.get(LeadKey.anonymous(VISITOR));
    }

    /** The click, applied: its request answered 202 and scored. */
    private String clickApplied() {
        String click = clickRequest(stack.clock.instant().minusSeconds(60));
        post(click);
        drain();
        assertThat(lead().contributions().get("email-click").count()).as("clicks before the retry").isEqualTo(1);
        return click;
    }

    @ParameterizedTest(name = "retried after {0} newer events, {1} days after the click")
    @CsvSource({"40, 0", "200, 0", "2000, 0", "40, 6"})
    void score_shouldCountTheClickOnce_whenItsRequestIsRetriedAfterNewerEventsOfTheLead(int newer, int days) {
        String click = clickApplied();
        if (days == 0) {
            sendNewer(newer);
            drain();
        } else {
            // a day's share each day, scored as it comes; the retry arrives on the last day
            for (int d = 1; d <= days; d++) {
                stack.clock.advance(Duration.ofDays(1));
                sendNewer(newer * d / days - newer * (d - 1) / days);
                drain();
            }
        }
        LeadState before = lead();
        Instant now = stack.clock.instant();

        post(click);
        drain();

        LeadState after = lead();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(after.contributions().get("email-click").count()).as("clicks after the retry").isEqualTo(1);
        soft.assertThat(after.scoreAt(now)).as("score after the retry").isCloseTo(before.scoreAt(now), within(1e-9));
        soft.assertThat(after.contributions()).as("what each rule contributed").isEqualTo(before.contributions());
        soft.assertThat(stack.depth("EventsDeadLetterQueue")).as("messages in the events DLQ").isZero();
        soft.assertThat(mapping.errors()).as("failed invocations").isEmpty();
        soft.assertAll();
    }

    @Test
    void ingest_shouldRefuseTheRetryByItsTimestamp_andQueueNothing_whenItComesAfter8Days() {
        String click = clickApplied();
        LeadState before = lead();
        String horizon = TemplateResources.template().path("Parameters").path("MaxEventAge").path("Default").asText();
        assertThat(stack.env.get("MAX_EVENT_AGE")).as("the template's accepted horizon").isEqualTo(horizon);
        assertThat(Duration.parse(horizon)).isLessThan(Duration.ofDays(8));
        stack.clock.advance(Duration.ofDays(8));

        APIGatewayV2HTTPResponse r = stack.post(click);

        assertThat(r.getStatusCode()).as(PipelineContract.body(r)).isEqualTo(400);
        List<String> paths = new ArrayList<>();
        Json.read(r.getBody()).path("rejected").forEach(e -> e.path("errors").forEach(p -> paths.add(p.path("path").asText())));
        assertThat(paths).as(r.getBody()).containsExactly("$.events[0].timestamp");
        assertThat(stack.eventsQueued()).as("messages queued").isZero();
        LeadState after = lead();
        assertThat(after.version()).as("the lead untouched").isEqualTo(before.version());
        assertThat(after.contributions().get("email-click").count()).isEqualTo(1);
    }
}
