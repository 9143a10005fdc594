package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.handoff.HandoffHandler;
import io.mqlengine.json.Json;
import io.mqlengine.queue.SqsHandoffQueue;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.HandoffMessage;
import io.mqlengine.service.HandoffService;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handoff message against SQS's 256 KiB limit. Every trait a lead can carry is bounded at ingest, so with
 * any model whose texts are short the message stays far below the limit. A model's descriptions are not
 * bounded: with long ones the message is sent without them (every rule id kept) instead of being refused by
 * SQS on every retry and every re-announcement, forever. ElasticMQ accepts longer bodies than SQS does, so the
 * tests measure each message against the limit themselves.
 */
class HandoffMessageSizeTest {
    /** SQS's largest message body, in bytes. */
    private static final int SQS_MAX_BYTES = 256 * 1024;
    /** A character of three bytes in UTF-8, the most a character of a trait costs in the message. */
    private static final String WIDE = "\u20ac";

    private Stack stack;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
    }

    /** {@code start}, then three-byte characters up to {@code length} characters: a trait at its longest. */
    private static String longest(String start, int length) {
        return start + WIDE.repeat(length - start.length());
    }

    /**
     * A fitting visitor who asks for a demo, every trait but the email at the longest ingest accepts
     * ({@code EventTraits}), in three-byte characters.
     */
    private void postWidestHandRaiser(String name, String... pages) {
        String at = stack.clock.instant().minusSeconds(30).toString();
        ObjectNode request = Json.object().put("writeKey", Stack.WRITE_KEY);
        ObjectNode identify = request.putArray("events").addObject().put("eventId", name + "-identify")
                .put("type", "identify").put("anonymousId", "anon-" + name).put("timestamp", at);
        identify.putObject("traits").put("email", HandRaisers.email(name)).put("firstName", longest("", 128))
                .put("lastName", longest("", 128)).put("title", longest("VP ", 256)).put("company", longest("", 256))
                .put("companySize", 250).put("industry", longest("", 128)).put("country", longest("", 64));
        ArrayNode events = (ArrayNode) request.get("events");
        for (int i = 0; i < pages.length; i++) {
            events.addObject().put("eventId", name + "-page-" + i).put("type", "page").put("anonymousId", "anon-" + name)
                    .put("timestamp", at).putObject("context").putObject("page").put("path", pages[i]);
        }
        events.addObject()
                .put("eventId", name + "-demo").put("type", "track").put("event", "Demo Requested")
                .put("anonymousId", "anon-" + name).put("timestamp", at);
        var r = stack.post(request.toString());
        assertThat(r.getStatusCode()).as(PipelineContract.body(r)).isEqualTo(202);
        assertThat(Json.read(r.getBody()).path("rejected")).as(r.getBody()).isEmpty();
        stack.drainEvents();
    }

    @Test
    void handoff_shouldStayFarBelowTheSqsLimit_whenEveryTraitIsAtItsLongest() {
        postWidestHandRaiser("size-wide");

        stack.drainStream();

        List<String> handoffs = stack.readAll("HandoffQueue");
        assertThat(handoffs).hasSize(1);
        JsonNode m = Json.read(handoffs.get(0));
        assertThat(Schemas.problems("handoff-message.schema.json", m)).isEmpty();
        assertThat(m.path("title").asText()).isEqualTo(longest("VP ", 256));
        assertThat(m.path("reasons").get(0).has("description")).as("descriptions kept when they fit").isTrue();
        assertThat(handoffs.get(0).getBytes(StandardCharsets.UTF_8).length).as("bytes of the widest message")
                .isLessThan(SQS_MAX_BYTES / 8);
    }

    @Test
    void handoff_shouldSendTheMessageWithinTheSqsLimit_onceWithEveryRuleId_whenTheModelsDescriptionsAreHuge()
            throws IOException {
        postWidestHandRaiser("size-verbose", "/pricing", "/product/api", "/compare/hubspot");
        ScoringModel verbose = ScoringModelLoader.parse(withDescriptionsOf(Json.MAX_PARSER_STRING - 1), "verbose-model.json");
        HandoffHandler handoff = new HandoffHandler(new HandoffService(stack.store,
                new SqsHandoffQueue(stack.backend.sqs(), stack.queues.get("HandoffQueue")), verbose, stack.clock),
                stack.clock);
        List<DynamodbEvent.DynamodbStreamRecord> records = stack.pollStream();
        assertThat(records).hasSize(1);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);

        StreamsEventResponse r = handoff.handleRequest(event, null);

        assertThat(r.getBatchItemFailures()).as("records reported failed").isEmpty();
        List<String> handoffs = stack.readAll("HandoffQueue");
        assertThat(handoffs).hasSize(1);
        assertThat(handoffs.get(0).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SQS_MAX_BYTES);
        JsonNode m = Json.read(handoffs.get(0));
        assertThat(Schemas.problems("handoff-message.schema.json", m)).isEmpty();
        assertThat(m.path("qualifiedBy").asText()).isEqualTo("hand-raiser");
        assertThat(m.path("reasons").findValuesAsText("rule")).containsExactlyInAnyOrder("demo-request", "pricing-page",
                "comparison-page", "product-page", "page-view");
        assertThat(m.path("fit").findValuesAsText("rule")).containsExactlyInAnyOrder("senior-title",
                "target-company-size", "business-email");
        assertThat(m.path("recentActivity").findValuesAsText("rule")).contains("demo-request").hasSize(5);
        assertThat(m.findValues("description")).as("the descriptions, left out to fit").isEmpty();
        assertThat(stack.store.get(LeadKey.lead(PipelineContract.LEAD_IDS.forEmail(HandRaisers.email("size-verbose"))))
                .handedOff()).as("marked handed off").isEqualTo(1);
    }

    @Test
    void handoffMessage_shouldKeepTheDescriptionsAtExactlyTheLimit_andLeaveThemOutOneByteOver() throws IOException {
        postWidestHandRaiser("size-edge", "/pricing", "/product/api", "/compare/hubspot");
        LeadState lead = stack.store.get(LeadKey.lead(PipelineContract.LEAD_IDS.forEmail(HandRaisers.email("size-edge"))));
        // the message grows by the same number of bytes for each character added to every description
        int small = bytes(lead, 1_000, 0);
        int perCharacter = (bytes(lead, 2_000, 0) - small) / 1_000;
        int base = small - 1_000 * perCharacter;
        int length = (SQS_MAX_BYTES - base) / perCharacter;
        int pad = SQS_MAX_BYTES - base - length * perCharacter;

        ObjectNode atLimit = HandoffMessage.build(lead, model(length, pad));
        ObjectNode over = HandoffMessage.build(lead, model(length, pad + 1));

        assertThat(atLimit.toString().getBytes(StandardCharsets.UTF_8).length).isEqualTo(SQS_MAX_BYTES);
        assertThat(atLimit.findValues("description")).as("descriptions at exactly the limit").isNotEmpty();
        assertThat(over.toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SQS_MAX_BYTES);
        assertThat(over.findValues("description")).as("descriptions one byte over").isEmpty();
        assertThat(over.path("reasons").findValuesAsText("rule"))
                .isEqualTo(atLimit.path("reasons").findValuesAsText("rule"));
        assertThat(over.path("fit").findValuesAsText("rule")).isEqualTo(atLimit.path("fit").findValuesAsText("rule"));
        assertThat(Schemas.problems("handoff-message.schema.json", over)).isEmpty();
    }

    private static int bytes(LeadState lead, int length, int pad) throws IOException {
        return HandoffMessage.build(lead, model(length, pad)).toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** The model with descriptions of {@code length} wide characters, and {@code pad} one-byte ones on one fit rule. */
    private static ScoringModel model(int length, int pad) throws IOException {
        JsonNode model = Json.read(withDescriptionsOf(length));
        model.path("fit").path("rules").forEach(rule -> {
            if (rule.path("id").asText().equals("business-email")) {
                ((ObjectNode) rule).put("description", WIDE.repeat(length) + "d".repeat(pad));
            }
        });
        return ScoringModelLoader.parse(model.toString(), "edge-model.json");
    }

    /** The repository's model with every rule's description {@code length} three-byte characters long. */
    private static String withDescriptionsOf(int length) throws IOException {
        JsonNode model = Json.read(Files.readString(TemplateResources.repositoryRoot().resolve("model/scoring-model.json")));
        List<JsonNode> rules = new ArrayList<>();
        model.path("behaviour").forEach(rules::add);
        model.path("fit").path("rules").forEach(rules::add);
        model.path("mql").path("fastTrack").forEach(rules::add);
        rules.forEach(rule -> ((ObjectNode) rule).put("description", WIDE.repeat(length)));
        return model.toString();
    }
}
