package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.handoff.StreamImages;
import io.mqlengine.json.Json;
import io.mqlengine.lead.LeadApiHandler;
import io.mqlengine.model.Stage;
import io.mqlengine.queue.BusEvent;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.scoring.Transition;
import io.mqlengine.service.LifecycleEvents;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import io.mqlengine.validation.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sales outcomes end to end on the emulators, through the handlers as the template wires them: a hand-raiser qualifies
 * and is handed off; sales accept it on the outcomes queue (as the AWS CLI sends it), a CRM's signed webhook calls
 * carry it to SQL and CUSTOMER; the stream announces each stage change. Bad signatures get 401, bad messages 400, and
 * poison on the queue goes to the outcomes DLQ, alone.
 */
class OutcomesPipelineTest {
    private Stack stack;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
    }

    private String qualify(String name) {
        HandRaisers.post(stack, name);
        stack.settle();
        List<String> handoffs = stack.readAll("HandoffQueue");
        assertThat(handoffs).hasSize(1);
        return Json.read(handoffs.get(0)).path("handoffId").asText();
    }

    private String outcome(String id, String target, String targetField, String outcome, Duration after) {
        ObjectNode n = Json.object();
        n.put("outcomeId", id);
        n.put(targetField, target);
        n.put("outcome", outcome);
        n.put("at", stack.clock.instant().plus(after).toString());
        n.put("by", "rep@analytical-engines.example");
        return Json.write(n);
    }

    private APIGatewayV2HTTPResponse webhook(String body, long timestamp, String secret) {
        APIGatewayV2HTTPEvent e = LambdaEvents.http(body, "application/json", null);
        Map<String, String> headers = new HashMap<>(e.getHeaders());
        headers.put("X-MQL-Timestamp", String.valueOf(timestamp));
        headers.put("X-MQL-Signature", new WebhookSignature(secret).sign(timestamp, body.getBytes(StandardCharsets.UTF_8)));
        e.setHeaders(headers);
        return stack.webhook.handleRequest(e, null);
    }

    private LeadState lead(String handoffId) {
        return stack.store.get(LeadKey.lead(handoffId.substring(0, handoffId.indexOf('#'))));
    }

    @Test
    void outcomes_shouldCarryALeadFromMqlToCustomer_byQueueAndSignedWebhook_andAnnounceEveryChange() {
        String handoffId = qualify("ada");
        long now = stack.clock.instant().getEpochSecond();
        stack.backend.sqs().sendMessage(b -> b.queueUrl(stack.queues.get("OutcomesQueue"))
                .messageBody(outcome("o-accept", HandRaisers.email("ada"), "email", "accepted", Duration.ofMinutes(1))));
        APIGatewayV2HTTPResponse sql = webhook(outcome("o-sql", handoffId, "handoffId", "sql", Duration.ofMinutes(2)),
                now, Stack.OUTCOMES_SECRET);
        APIGatewayV2HTTPResponse won = webhook(outcome("o-won", handoffId, "handoffId", "won", Duration.ofMinutes(3)),
                now, Stack.OUTCOMES_SECRET);
        assertThat(sql.getStatusCode()).as(sql.getBody()).isEqualTo(202);
        assertThat(won.getStatusCode()).as(won.getBody()).isEqualTo(202);
        assertThat(Json.read(won.getBody()).path("outcomeId").asText()).isEqualTo("o-won");

        Stack.Drained drained = stack.drainOutcomes();

        assertThat(drained.failed()).isZero();
        LeadState lead = lead(handoffId);
        assertThat(lead.stage()).isEqualTo(Stage.CUSTOMER);
        assertThat(lead.history()).extracting(Transition::to).containsExactly(Stage.MQL, Stage.SAL, Stage.SQL,
                Stage.CUSTOMER);
        assertThat(lifecycle()).containsExactly("LEAD>MQL", "MQL>SAL", "SAL>SQL", "SQL>CUSTOMER");
    }

    @Test
    void outcomes_shouldApplyEachOutcomeOnce_whenSentTwiceAndOutOfOrder() {
        String handoffId = qualify("bob");
        String leadId = handoffId.substring(0, handoffId.indexOf('#'));
        String url = stack.queues.get("OutcomesQueue");
        String won = outcome("o-won", leadId, "leadId", "won", Duration.ofMinutes(3));
        String sql = outcome("o-sql", leadId, "leadId", "sql", Duration.ofMinutes(2));
        String accepted = outcome("o-acc", leadId, "leadId", "accepted", Duration.ofMinutes(1));
        for (String body : List.of(won, sql, won)) {
            stack.backend.sqs().sendMessage(b -> b.queueUrl(url).messageBody(body));
        }
        stack.drainOutcomes();
        assertThat(lead(handoffId).stage()).as("sql and won wait for accepted").isEqualTo(Stage.MQL);
        stack.backend.sqs().sendMessage(b -> b.queueUrl(url).messageBody(accepted));
        stack.backend.sqs().sendMessage(b -> b.queueUrl(url).messageBody(sql));
        stack.drainOutcomes();

        LeadState lead = lead(handoffId);
        assertThat(lead.stage()).isEqualTo(Stage.CUSTOMER);
        assertThat(lead.outcomes()).extracting(LeadState.Verdict::outcomeId)
                .containsExactlyInAnyOrder("o-won", "o-sql", "o-acc");
        assertThat(lead.history()).extracting(Transition::to).containsExactly(Stage.MQL, Stage.SAL, Stage.SQL,
                Stage.CUSTOMER);
    }

    @Test
    void webhook_shouldRefuseBadSignaturesAndReplays_with401_andBadMessages_with400NamingThePath() {
        String body = outcome("o-1", "someone@example.com", "email", "accepted", Duration.ZERO);
        long now = stack.clock.instant().getEpochSecond();

        APIGatewayV2HTTPResponse wrongSecret = webhook(body, now, "not-the-outcomes-secret");
        APIGatewayV2HTTPResponse replay = webhook(body, now - 301, Stack.OUTCOMES_SECRET);
        APIGatewayV2HTTPResponse unsigned = stack.webhook.handleRequest(
                LambdaEvents.http(body, "application/json", null), null);
        APIGatewayV2HTTPResponse invalid = webhook("{\"outcomeId\":\"o-2\",\"email\":\"someone@example.com\","
                + "\"outcome\":\"promoted\",\"at\":\"" + stack.clock.instant() + "\"}", now, Stack.OUTCOMES_SECRET);

        assertThat(List.of(wrongSecret, replay, unsigned)).extracting(APIGatewayV2HTTPResponse::getStatusCode)
                .containsOnly(401);
        assertThat(Json.read(replay.getBody()).path("message").asText()).contains("more than PT5M");
        assertThat(invalid.getStatusCode()).isEqualTo(400);
        assertThat(invalid.getBody()).contains("$.outcome");
        assertThat(stack.depth("OutcomesQueue")).as("nothing refused reaches the queue").isZero();
    }

    @Test
    void outcomesQueue_shouldMovePoisonToTheDeadLetterQueue_andApplyTheRest() {
        String handoffId = qualify("cy");
        String url = stack.queues.get("OutcomesQueue");
        stack.backend.sqs().sendMessage(b -> b.queueUrl(url).messageBody("{\"outcome\":\"accepted\"}"));
        stack.backend.sqs().sendMessage(b -> b.queueUrl(url)
                .messageBody(outcome("o-1", handoffId, "handoffId", "rejected", Duration.ofMinutes(1))));
        stack.backend.sqs().sendMessage(b -> b.queueUrl(url)
                .messageBody(outcome("o-2", "nobody@example.com", "email", "accepted", Duration.ofMinutes(1))));

        stack.drainOutcomes();

        assertThat(lead(handoffId).stage()).isEqualTo(Stage.RECYCLED);
        List<String> dead = stack.readAll("OutcomesDeadLetterQueue");
        assertThat(dead).containsExactly("{\"outcome\":\"accepted\"}");
    }

    @Test
    void rejectedLead_shouldBeRecycled_andQualifyAgainLater_withHandoffNumberTwo() {
        String first = qualify("eve");
        stack.backend.sqs().sendMessage(b -> b.queueUrl(stack.queues.get("OutcomesQueue"))
                .messageBody(outcome("o-rej", first, "handoffId", "rejected", Duration.ofMinutes(1))
                        .replace("\"outcome\":\"rejected\"", "\"outcome\":\"rejected\",\"reason\":\"no budget yet\"")));
        stack.drainOutcomes();
        assertThat(lead(first).stage()).isEqualTo(Stage.RECYCLED);

        stack.clock.advance(Duration.ofDays(3));
        String at = stack.clock.instant().minusSeconds(10).toString();
        var r = stack.post("{\"writeKey\":\"" + Stack.WRITE_KEY + "\",\"events\":[{\"eventId\":\"eve-demo-2\","
                + "\"type\":\"track\",\"event\":\"Demo Requested\",\"anonymousId\":\"anon-eve\",\"timestamp\":\""
                + at + "\"}]}");
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
        stack.settle();

        List<String> handoffs = stack.readAll("HandoffQueue");
        assertThat(handoffs).hasSize(1);
        JsonNode second = Json.read(handoffs.get(0));
        assertThat(second.path("handoffId").asText()).isEqualTo(first.replace("#1", "#2"));
        assertThat(second.path("qualificationNumber").asInt()).isEqualTo(2);
        LeadState lead = lead(first);
        assertThat(lead.history()).extracting(Transition::to).containsExactly(Stage.MQL, Stage.RECYCLED, Stage.MQL);
        assertThat(lead.history().get(1).note()).isEqualTo("no budget yet");
    }

    @Test
    void sweep_shouldAnnounceAMissedAcceptSlaOnce_forAnMqlLeftAlone() {
        String handoffId = qualify("dee");
        stack.clock.advance(Duration.ofMinutes(4));
        stack.runSweep();
        assertThat(lifecycle()).as("the fast-track SLA (PT5M) is not due yet").containsExactly("LEAD>MQL");
        stack.clock.advance(Duration.ofMinutes(2));
        stack.runSweep();
        stack.clock.advance(Duration.ofHours(1));
        stack.runSweep();

        assertThat(lead(handoffId).slaMissedAt()).isNotNull();
        assertThat(lifecycle()).containsExactly("Lead SLA Missed");
        stack.clock.advance(Duration.ofDays(1));
        stack.runSweep();
        assertThat(lifecycle()).as("announced once").isEmpty();
    }

    @Test
    void erasure_shouldBeAnnouncedOnce_andLateEventsOfThePersonShouldNotReviveTheLead() {
        String handoffId = qualify("fay");
        String leadId = handoffId.substring(0, handoffId.indexOf('#'));
        assertThat(lifecycle()).containsExactly("LEAD>MQL");
        LeadApiHandler api = new LeadApiHandler(stack.env, stack.clock);
        APIGatewayV2HTTPEvent erase = APIGatewayV2HTTPEvent.builder().withRouteKey("DELETE /v1/leads")
                .withQueryStringParameters(Map.of("email", HandRaisers.email("fay")))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(
                        APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("DELETE").build()).build()).build();

        assertThat(api.handleRequest(erase, null).getStatusCode()).isEqualTo(200);
        assertThat(api.handleRequest(erase, null).getStatusCode()).as("erasing again").isEqualTo(200);
        HandRaisers.post(stack, "fay"); // her browser sends its queue again, event ids unchanged
        stack.settle();

        assertThat(lifecycle()).containsExactly("Lead Erased");
        assertThat(stack.readAll("HandoffQueue")).isEmpty();
        assertThat(stack.store.get(LeadKey.lead(leadId))).isNull();
    }

    /** What the lifecycle function's stream mapping would announce since the last call, each schema-checked. */
    private List<String> lifecycle() {
        List<String> announced = new ArrayList<>();
        LifecycleEvents events = new LifecycleEvents(ScoringModelLoader.loadDefault());
        for (var r : stack.pollStream("LifecycleFunction", "Announced")) {
            var old = r.getDynamodb().getOldImage();
            for (BusEvent e : events.between(old == null ? null : StreamImages.toSdk(old),
                    StreamImages.toSdk(r.getDynamodb().getNewImage()))) {
                assertThat(Schemas.problems("lifecycle-event.schema.json", envelope(e))).as(e.detail()).isEmpty();
                JsonNode detail = Json.read(e.detail());
                announced.add(e.detailType().equals(LifecycleEvents.STAGE_CHANGED)
                        ? detail.path("from").asText() + ">" + detail.path("to").asText() : e.detailType());
            }
        }
        return announced;
    }

    private static JsonNode envelope(BusEvent e) {
        ObjectNode n = Json.object();
        n.put("version", "0");
        n.put("id", "test");
        n.put("detail-type", e.detailType());
        n.put("source", LifecycleEvents.SOURCE);
        n.put("time", e.time().toString());
        n.set("detail", Json.read(e.detail()));
        return n;
    }
}
