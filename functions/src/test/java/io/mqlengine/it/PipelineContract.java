package io.mqlengine.it;

import static io.mqlengine.store.LeadAttributes.EXPIRES_AT;
import static io.mqlengine.store.LeadAttributes.HANDED_OFF;
import static io.mqlengine.store.LeadAttributes.HANDOFF_PENDING;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.handoff.HandoffHandler;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.json.Json;
import io.mqlengine.model.Stage;
import io.mqlengine.queue.SqsHandoffQueue;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.HandoffService;
import io.mqlengine.service.ScoreService;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import io.mqlengine.testing.Backend;
import io.mqlengine.testing.DelegatingStore;
import io.mqlengine.journey.Journey;
import io.mqlengine.testing.TemplateResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The integration suite: every handler on its samples from events/, and the whole flow, against a real
 * DynamoDB and SQS protocol. Run against the in-process emulators always, and against LocalStack where a
 * Docker engine exists.
 */
abstract class PipelineContract {
    /** The samples' request time: 10:00 on the day their events were sent. */
    static final Instant SAMPLE_TIME = Instant.parse("2026-11-23T10:00:01Z");
    static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    static final LeadIds LEAD_IDS = new LeadIds(Stack.LEAD_ID_SECRET);
    static final String ADA = "ada.lovelace@analytical-engines.example";

    Stack stack;

    abstract Backend backend();

    @BeforeEach
    void createStack() {
        stack = new Stack(backend(), SAMPLE_TIME, "");
    }

    static String body(APIGatewayV2HTTPResponse r) {
        return r.getStatusCode() + " " + r.getBody();
    }

    private LeadState lead(String email) {
        return stack.store.get(LeadKey.lead(LEAD_IDS.forEmail(email)));
    }

    // ---- ingest ----------------------------------------------------------------------------------------

    @Test
    void ingest_shouldAcceptTheSampleBatch_andEnqueueItWholeOnTheHandRaiserLane_asItHasADemoRequest() {
        APIGatewayV2HTTPEvent request = LambdaEvents.http("ingest/valid-batch.json");
        assertThat(Schemas.problems("tracking-request.schema.json", Json.read(request.getBody()))).isEmpty();
        APIGatewayV2HTTPResponse r = stack.post(request);
        assertThat(r.getStatusCode()).as(body(r)).isEqualTo(202);
        assertThat(Json.read(r.getBody())).isEqualTo(Json.read("{\"accepted\":4,\"rejected\":[]}"));
        assertThat(r.getHeaders()).containsEntry("access-control-allow-origin", Stack.ORIGIN);
        assertThat(stack.depth("EventsQueue")).isZero();
        List<Message> queued = stack.receive(stack.queues.get("HandRaiserQueue"), 10);
        assertThat(queued).as("the request's events packed into one message").hasSize(1);
        assertThat(Json.read(queued.get(0).body()).path("events")).extracting(e -> e.path("type").asText())
                .containsExactlyInAnyOrder("page", "track", "identify", "track");
        for (Message m : queued) {
            assertThat(Schemas.problems("event-envelope.schema.json", Json.read(m.body()))).as(m.body()).isEmpty();
        }
    }

    @Test
    void ingest_shouldEnqueueNothing_whenItStarts_althoughItPrimesTheRequestPath() {
        new io.mqlengine.ingest.IngestHandler(stack.env, stack.clock);
        assertThat(stack.eventsQueued()).isZero();
    }

    @Test
    void ingest_shouldAcceptASendBeaconBody_base64EncodedAsTextPlain() {
        APIGatewayV2HTTPResponse r = stack.post(LambdaEvents.http("ingest/beacon-base64.json"));
        assertThat(r.getStatusCode()).as(body(r)).isEqualTo(202);
        assertThat(stack.depth("EventsQueue")).as("a page view takes the batched lane").isEqualTo(1);
        assertThat(stack.depth("HandRaiserQueue")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest/malformed.json, 400, is not valid JSON",
            "ingest/wrong-key.json, 401, writeKey is not a write key",
            "ingest/wrong-origin.json, 403, origin https://evil.example is not in the allow-list",
            "ingest/claims-score.json, 400, $.events[0].score"})
    void ingest_shouldRefuseTheSample_withAClearMessage_andEnqueueNothing(String sample, int status, String message) {
        APIGatewayV2HTTPResponse r = stack.post(LambdaEvents.http(sample));
        assertThat(r.getStatusCode()).as(body(r)).isEqualTo(status);
        assertThat(r.getBody()).contains(message);
        assertThat(Json.read(r.getBody()).has("error")).isTrue();
        assertThat(stack.eventsQueued()).isZero();
    }

    @Test
    void ingest_shouldRefuseAnOversizedBody_withoutParsingIt_andAnUnsupportedMediaType() {
        String huge = "{\"writeKey\":\"demo-write-key\",\"events\":[],\"pad\":\"" + "x".repeat(70_000) + "\"}";
        APIGatewayV2HTTPResponse big = stack.post(huge);
        assertThat(big.getStatusCode()).as(body(big)).isEqualTo(413);
        assertThat(big.getBody()).contains("payload_too_large");
        APIGatewayV2HTTPEvent form = LambdaEvents.http("writeKey=x", "application/x-www-form-urlencoded", Stack.ORIGIN);
        APIGatewayV2HTTPResponse wrongType = stack.post(form);
        assertThat(wrongType.getStatusCode()).as(body(wrongType)).isEqualTo(415);
        assertThat(stack.eventsQueued()).isZero();
    }

    @Test
    void ingest_shouldLinkNothing_whenAnIdentifyIsNotSigned_andLinkASignedOne() {
        stack = new Stack(backend(), SAMPLE_TIME, "test-identity-secret");
        assertThat(stack.post(LambdaEvents.http("ingest/beacon-base64.json")).getStatusCode()).isEqualTo(202);
        APIGatewayV2HTTPResponse unverified = stack.post(LambdaEvents.http("ingest/identify-unverified.json"));
        assertThat(unverified.getStatusCode()).as(body(unverified)).isEqualTo(400);
        assertThat(unverified.getBody()).contains("$.events[0].userHash").contains("$.events[1].userHash");
        stack.settle();
        assertThat(lead(ADA)).isNull();
        assertThat(stack.store.load(List.of(LeadKey.anonymous("anon-7Qm2xK")), true).get(LeadKey.anonymous("anon-7Qm2xK")))
                .isInstanceOf(Stored.Lead.class);

        APIGatewayV2HTTPResponse signed = stack.post(LambdaEvents.http("ingest/identify-signed.json"));
        assertThat(signed.getStatusCode()).as(body(signed)).isEqualTo(202);
        stack.settle();
        assertThat(lead(ADA)).isNotNull();
        assertThat(lead(ADA).scoreAt(SAMPLE_TIME)).as("the anonymous page view was merged").isGreaterThan(15);
        assertThat(stack.store.load(List.of(LeadKey.anonymous("anon-7Qm2xK")), true).get(LeadKey.anonymous("anon-7Qm2xK")))
                .isEqualTo(new Stored.Alias("anon-7Qm2xK", LEAD_IDS.forEmail(ADA), 2));
    }

    // ---- score -----------------------------------------------------------------------------------------

    @Test
    void score_shouldScoreTheSampleBatch_andQualifyTheHandRaiser() {
        SQSEvent batch = EventLoader.loadSQSEvent(LambdaEvents.sample("score/sqs-batch.json").toString());
        SQSBatchResponse r = stack.score.handleRequest(batch, null);
        assertThat(r.getBatchItemFailures()).isEmpty();
        LeadState ada = lead(ADA);
        assertThat(ada.stage()).isEqualTo(Stage.MQL);
        assertThat(ada.qualifiedBy()).isEqualTo("hand-raiser");
        assertThat(ada.grade().name()).isEqualTo("A");
        assertThat(ada.handoffPending()).isTrue();
        assertThat(ada.contributions()).containsKeys("pricing-page", "gated-content", "demo-request");
    }

    @Test
    void score_shouldScoreOnce_whenTheSameEventIsDeliveredTwiceAndThreeTimes() {
        SQSEvent batch = EventLoader.loadSQSEvent(LambdaEvents.sample("score/sqs-batch.json").toString());
        stack.score.handleRequest(batch, null);
        LeadState once = lead(ADA);
        stack.score.handleRequest(batch, null);
        stack.score.handleRequest(batch, null);
        SQSEvent doubled = EventLoader.loadSQSEvent(LambdaEvents.sample("score/sqs-batch.json").toString());
        List<SQSEvent.SQSMessage> twice = new ArrayList<>(doubled.getRecords());
        twice.addAll(doubled.getRecords());
        doubled.setRecords(twice);
        stack.score.handleRequest(doubled, null);
        LeadState after = lead(ADA);
        assertThat(after.version()).isEqualTo(once.version());
        assertThat(after.scoreAt(SAMPLE_TIME)).isEqualTo(once.scoreAt(SAMPLE_TIME));
        assertThat(after.contributions()).isEqualTo(once.contributions());
        assertThat(after.qualifications()).isEqualTo(1);
    }

    @Test
    void score_shouldScoreOnce_whenItCrashesAfterTheLeadWriteAndBeforeTheSqsDelete() {
        assertThat(stack.post(LambdaEvents.http("ingest/valid-batch.json")).getStatusCode()).isEqualTo(202);
        List<Message> first = stack.scoreWithoutDeleting("HandRaiserQueue");
        assertThat(first).as("the request's one message").hasSize(1);
        LeadState written = lead(ADA);
        Stack.Drained redelivery = stack.drainEvents();
        assertThat(redelivery.delivered()).isEqualTo(1);
        assertThat(redelivery.failed()).isZero();
        LeadState after = lead(ADA);
        assertThat(after.version()).isEqualTo(written.version());
        assertThat(after.scoreAt(SAMPLE_TIME)).isEqualTo(written.scoreAt(SAMPLE_TIME));
        stack.drainStream();
        assertThat(stack.readAll("HandoffQueue")).hasSize(1);
    }

    @Test
    void score_shouldQualifyOnce_whenTwoBatchesForOneLeadRace() throws Exception {
        SQSEvent setup = EventLoader.loadSQSEvent(LambdaEvents.sample("score/sqs-batch.json").toString());
        setup.setRecords(setup.getRecords().subList(0, 3)); // page, download, identify: a grade A lead, not yet MQL
        stack.score.handleRequest(setup, null);
        assertThat(lead(ADA).stage()).isEqualTo(Stage.LEAD);

        CyclicBarrier bothRead = new CyclicBarrier(2);
        ScoreHandler left = racer(bothRead);
        ScoreHandler right = racer(bothRead);
        SQSEvent demo = envelopes("race-demo", "Demo Requested");
        SQSEvent trial = envelopes("race-trial", "Trial Started");
        CompletableFuture<SQSBatchResponse> a = CompletableFuture.supplyAsync(() -> left.handleRequest(demo, null));
        CompletableFuture<SQSBatchResponse> b = CompletableFuture.supplyAsync(() -> right.handleRequest(trial, null));
        assertThat(a.get(60, TimeUnit.SECONDS).getBatchItemFailures()).isEmpty();
        assertThat(b.get(60, TimeUnit.SECONDS).getBatchItemFailures()).isEmpty();

        LeadState ada = lead(ADA);
        assertThat(ada.stage()).isEqualTo(Stage.MQL);
        assertThat(ada.qualifications()).as("qualified once").isEqualTo(1);
        assertThat(ada.contributions()).containsKeys("demo-request", "trial-start");
        stack.drainStream();
        assertThat(stack.readAll("HandoffQueue")).hasSize(1);
    }

    /** A score function whose first read waits until the other racer has read too. */
    private ScoreHandler racer(CyclicBarrier bothRead) {
        LeadStore dynamo = new DynamoLeadStore(backend().dynamo(), stack.table, Duration.ofDays(120));
        LeadStore paused = new DelegatingStore(dynamo) {
            private boolean first = true;

            @Override
            public Map<LeadKey, Stored> load(java.util.Collection<LeadKey> keys, boolean consistent) {
                Map<LeadKey, Stored> read = super.load(keys, consistent);
                if (first) {
                    first = false;
                    DelegatingStore.await(bothRead);
                }
                return read;
            }
        };
        return new ScoreHandler(new ScoreService(paused, new LeadScorer(MODEL), LEAD_IDS, stack.clock), null, stack.clock);
    }

    private SQSEvent envelopes(String id, String event) {
        SQSEvent e = EventLoader.loadSQSEvent(LambdaEvents.sample("score/sqs-batch.json").toString());
        SQSEvent.SQSMessage m = e.getRecords().get(3);
        ObjectNode body = (ObjectNode) Json.read(m.getBody());
        ((ObjectNode) body.get("event")).put("eventId", id).put("event", event);
        m.setBody(body.toString());
        m.setMessageId(id);
        e.setRecords(List.of(m));
        return e;
    }

    @Test
    void score_shouldApplyEveryEventOfABusyLeadInOneWrite_andNoneTwice_whenTheBatchIsDeliveredAgain() {
        String url = stack.queues.get("EventsQueue");
        for (int r = 0; r < 4; r++) {
            StringBuilder events = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                events.append(i == 0 ? "" : ",").append("{\"eventId\":\"busy-").append(r * 10 + i)
                        .append("\",\"type\":\"page\",\"anonymousId\":\"anon-busy\",\"timestamp\":\"")
                        .append(SAMPLE_TIME.minusSeconds(100 - r * 10 - i)).append("\",\"context\":{\"page\":{\"path\":\"/blog/")
                        .append(r * 10 + i).append("\"}}}");
            }
            assertThat(stack.post("{\"writeKey\":\"demo-write-key\",\"events\":[" + events + "]}").getStatusCode())
                    .isEqualTo(202);
        }
        List<Message> all = new ArrayList<>();
        for (List<Message> got = stack.receive(url, 10); !got.isEmpty(); got = stack.receive(url, 10)) {
            all.addAll(got);
        }
        assertThat(all).as("one message per request").hasSize(4);
        java.util.function.Function<Message, List<String>> eventIds = m -> {
            List<String> ids = new ArrayList<>();
            Json.read(m.body()).path("events").forEach(e -> ids.add(e.path("eventId").asText()));
            return ids;
        };
        SQSBatchResponse r = stack.score.handleRequest(stack.sqsEvent(all, url), null);
        assertThat(r.getBatchItemFailures()).as("nothing deferred, nothing failed").isEmpty();
        LeadState first = stack.store.get(LeadKey.anonymous("anon-busy"));
        for (int i = 0; i < 40; i++) {
            assertThat(first.seen().contains("busy-" + i)).as("applied: busy-%d", i).isTrue();
        }
        assertThat(first.contributions().get("page-view").count()).as("the model's daily cap").isEqualTo(10);
        assertThat(first.version()).as("one write").isEqualTo(1);

        // the same batch again, as after a crash before the delete: every event is known
        SQSBatchResponse again = stack.score.handleRequest(stack.sqsEvent(all, url), null);
        assertThat(again.getBatchItemFailures()).isEmpty();
        LeadState second = stack.store.get(LeadKey.anonymous("anon-busy"));
        assertThat(second.version()).as("not written again").isEqualTo(1);
        assertThat(second.contributions().get("page-view").count()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EventsQueue", "HandRaiserQueue"})
    void score_shouldFailOnePoisonMessageAlone_andMoveItToTheDeadLetterQueueAfterMaxReceiveCount(String queue) {
        SQSEvent sample = EventLoader.loadSQSEvent(LambdaEvents.sample("score/sqs-poison.json").toString());
        for (SQSEvent.SQSMessage m : sample.getRecords()) {
            stack.backend.sqs().sendMessage(b -> b.queueUrl(stack.queues.get(queue)).messageBody(m.getBody()));
        }
        Stack.Drained d = stack.drainEvents();
        int maxReceive = io.mqlengine.testing.TemplateResources.properties(queue).path("RedrivePolicy")
                .path("maxReceiveCount").asInt();
        assertThat(d.failed()).as("the poison message failed once per receive").isEqualTo(maxReceive);
        List<String> dead = stack.readAll("EventsDeadLetterQueue");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0)).contains("\"eventId\":\"broken\"");
        LeadState anon = stack.store.get(LeadKey.anonymous("anon-7Qm2xK"));
        assertThat(anon.contributions().get("page-view").count()).as("the nine good events scored once each").isEqualTo(9);
    }

    @Test
    void score_shouldNeverRegressTheStage_whenALateEventArrives() {
        stack.post(LambdaEvents.http("ingest/valid-batch.json"));
        stack.settle();
        LeadState before = lead(ADA);
        assertThat(before.stage()).isEqualTo(Stage.MQL);
        stack.clock.advance(Duration.ofHours(2));
        String late = "{\"writeKey\":\"demo-write-key\",\"events\":[{\"eventId\":\"late-1\",\"type\":\"page\","
                + "\"anonymousId\":\"anon-7Qm2xK\",\"timestamp\":\"2026-11-21T09:00:00Z\",\"context\":{\"page\":{\"path\":\"/careers\"}}}]}";
        assertThat(stack.post(late).getStatusCode()).isEqualTo(202);
        stack.settle();
        LeadState ada = lead(ADA);
        assertThat(ada.stage()).isEqualTo(Stage.MQL);
        assertThat(ada.contributions()).containsKey("careers-page");
        assertThat(ada.lastSeen()).isEqualTo(before.lastSeen());
        assertThat(ada.scoreAt(stack.clock.instant())).isLessThan(before.scoreAt(stack.clock.instant()));
    }

    // ---- handoff ---------------------------------------------------------------------------------------

    /** Puts the sample's new image into the table, so the table shows what the stream record says. */
    private Map<String, AttributeValue> putSampleImage(DynamodbEvent.DynamodbStreamRecord r) {
        var image = io.mqlengine.handoff.HandoffTestAccess.toSdk(r.getDynamodb().getNewImage());
        backend().dynamo().putItem(b -> b.tableName(stack.table).item(image));
        return image;
    }

    @Test
    void handoff_shouldSendTheSampleQualificationOnce_withEveryFieldOfTheSchema() {
        DynamodbEvent sample = EventLoader.loadDynamoDbEvent(LambdaEvents.sample("handoff/stream-qualified.json").toString());
        putSampleImage(sample.getRecords().get(0));
        StreamsEventResponse r = stack.handoff.handleRequest(sample, null);
        assertThat(r.getBatchItemFailures()).isEmpty();
        stack.handoff.handleRequest(sample, null);
        List<String> messages = stack.readAll("HandoffQueue");
        assertThat(messages).hasSize(1);
        JsonNode m = Json.read(messages.get(0));
        assertThat(Schemas.problems("handoff-message.schema.json", m)).isEmpty();
        assertThat(m.get("handoffId").asText()).isEqualTo("k7v2m4xq3b5n6p7r2s3t4u5w6y#1");
        assertThat(m.get("email").asText()).isEqualTo(ADA);
        assertThat(m.get("qualifiedBy").asText()).isEqualTo("hand-raiser");
        assertThat(m.get("reasons").get(0).get("rule").asText()).isEqualTo("demo-request");
        Map<String, AttributeValue> item = backend().dynamo().getItem(b -> b.tableName(stack.table)
                .key(LeadItems.key(LeadKey.lead("k7v2m4xq3b5n6p7r2s3t4u5w6y")))).item();
        assertThat(item.get(HANDED_OFF).n()).isEqualTo("1");
        assertThat(item).doesNotContainKey(HANDOFF_PENDING);
    }

    @Test
    void handoff_shouldIgnoreRemovalsOtherStagesAndAliases_withoutFailing() {
        DynamodbEvent sample = EventLoader.loadDynamoDbEvent(LambdaEvents.sample("handoff/stream-ignored.json").toString());
        StreamsEventResponse r = stack.handoff.handleRequest(sample, null);
        assertThat(r.getBatchItemFailures()).isEmpty();
        assertThat(stack.depth("HandoffQueue")).isZero();
    }

    @Test
    void handoff_shouldSendAgainWithTheSameDedupeKey_whenItCrashesAfterTheSendAndBeforeMarking() {
        DynamodbEvent sample = EventLoader.loadDynamoDbEvent(LambdaEvents.sample("handoff/stream-qualified.json").toString());
        putSampleImage(sample.getRecords().get(0));
        List<String> sentIds = new ArrayList<>();
        SqsHandoffQueue sqs = new SqsHandoffQueue(backend().sqs(), stack.queues.get("HandoffQueue"));
        LeadStore crashingOnce = new DelegatingStore(stack.store) {
            private boolean crashed;

            @Override
            public boolean markHandedOff(String leadId, int qualification, Instant now) {
                if (!crashed) {
                    crashed = true;
                    throw new IllegalStateException("the function died after sending");
                }
                return super.markHandedOff(leadId, qualification, now);
            }
        };
        HandoffHandler handler = new HandoffHandler(new HandoffService(crashingOnce, (id, group, body) -> {
            sentIds.add(id);
            sqs.send(id, group, body);
        }, MODEL, stack.clock), stack.clock);
        StreamsEventResponse first = handler.handleRequest(sample, null);
        assertThat(first.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("300000000000000000001");
        StreamsEventResponse retry = handler.handleRequest(sample, null);
        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(sentIds).containsExactly("k7v2m4xq3b5n6p7r2s3t4u5w6y#1", "k7v2m4xq3b5n6p7r2s3t4u5w6y#1");
        assertThat(stack.readAll("HandoffQueue")).as("the FIFO queue deduplicated the second send").hasSize(1);
    }

    // ---- the whole flow --------------------------------------------------------------------------------

    @Test
    void pipeline_shouldHandAJourneyToSalesExactlyOnce_withTheReasonsWhy() {
        Journey j = Journey.load(TemplateResources.repositoryRoot().resolve("events/journeys").resolve("01-engaged-visitor.json"));
        Instant start = SAMPLE_TIME.minus(Duration.ofDays(3));
        stack.clock.set(start);
        for (int i = 0; i < j.steps().size(); i++) {
            Journey.Step step = j.steps().get(i);
            stack.clock.set(start.plus(step.at()).plusMillis(200));
            ObjectNode request = Json.object().put("writeKey", Stack.WRITE_KEY).put("sentAt", stack.clock.instant().toString());
            request.putArray("events").add(step.eventAt("pipeline-" + i, start));
            APIGatewayV2HTTPResponse r = stack.post(new String(request.toString().getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8));
            assertThat(r.getStatusCode()).as(body(r)).isEqualTo(202);
            stack.settle();
        }
        List<String> handoffs = stack.readAll("HandoffQueue");
        assertThat(handoffs).hasSize(1);
        JsonNode m = Json.read(handoffs.get(0));
        assertThat(Schemas.problems("handoff-message.schema.json", m)).isEmpty();
        assertThat(m.get("email").asText()).isEqualTo("ada@analytical-engines.example");
        assertThat(m.get("grade").asText()).isEqualTo(j.grade().name());
        List<String> reasons = new ArrayList<>();
        m.get("reasons").forEach(x -> reasons.add(x.get("rule").asText()));
        assertThat(reasons.subList(0, 3)).containsExactlyElementsOf(j.topReasons());
        stack.runSweep();
        stack.settle();
        assertThat(stack.readAll("HandoffQueue")).as("nothing more for sales").isEmpty();
    }

    // ---- sweep -----------------------------------------------------------------------------------------

    @Test
    void sweep_shouldReemitRecycleAndArchive_andChangeNothingWhenRunAgainAtTheSameInstant() {
        stack.post(LambdaEvents.http("ingest/valid-batch.json"));
        stack.drainEvents();
        String bystander = "{\"writeKey\":\"demo-write-key\",\"events\":[{\"eventId\":\"b1\",\"type\":\"page\","
                + "\"anonymousId\":\"anon-bystander\",\"timestamp\":\"2026-11-23T09:00:00Z\"}]}";
        stack.post(bystander);
        stack.drainEvents();
        stack.pollStream(); // the qualification's stream record is lost: the handoff never ran

        stack.clock.advance(Duration.ofMinutes(16));
        Map<String, Object> first = stack.runSweep();
        assertThat(first).containsEntry("reemitted", 1);
        assertThat(stack.runSweep()).containsEntry("written", 0);
        stack.drainStream();
        assertThat(stack.readAll("HandoffQueue")).hasSize(1);
        assertThat(lead(ADA).handedOff()).isEqualTo(1);

        stack.clock.advance(Duration.ofDays(60));
        Map<String, Object> second = stack.runSweep();
        assertThat(second).containsEntry("recycled", 1);
        assertThat(lead(ADA).stage()).isEqualTo(Stage.RECYCLED);
        assertThat(stack.runSweep()).containsEntry("written", 0);

        stack.clock.advance(Duration.ofDays(70));
        Map<String, Object> third = stack.runSweep();
        assertThat(third).containsEntry("archived", 2);
        assertThat(lead(ADA).stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(stack.store.get(LeadKey.anonymous("anon-bystander")).stage()).isEqualTo(Stage.ARCHIVED);
        Map<String, AttributeValue> anon = backend().dynamo().getItem(b -> b.tableName(stack.table)
                .key(LeadItems.key(LeadKey.anonymous("anon-bystander")))).item();
        assertThat(anon).containsKey(EXPIRES_AT);
        assertThat(stack.runSweep()).containsEntry("written", 0).containsEntry("due", 0);
        stack.drainStream();
        assertThat(stack.readAll("HandoffQueue")).isEmpty();
    }

    // ---- least privilege -------------------------------------------------------------------------------

    /** The IAM actions each SAM policy template grants (from SAM's policy_templates.json). */
    static final Map<String, List<String>> POLICY_ACTIONS = Map.of(
            "DynamoDBCrudPolicy", List.of("dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan",
                    "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
                    "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"),
            "DynamoDBReadPolicy", List.of("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem",
                    "dynamodb:DescribeTable"),
            "DynamoDBWritePolicy", List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"),
            "SQSSendMessagePolicy", List.of("sqs:SendMessage"));

    /** The IAM actions an SDK operation needs (a transaction needs those of the writes inside it). */
    static List<String> actionsFor(String operation) {
        return switch (operation) {
            case "DynamoDB.TransactWriteItems" -> List.of("dynamodb:UpdateItem", "dynamodb:PutItem");
            case "SQS.SendMessageBatch" -> List.of("sqs:SendMessage");
            default -> List.of(operation.replace("DynamoDB.", "dynamodb:").replace("SQS.", "sqs:"));
        };
    }

    private static java.util.Set<String> operations(Runnable call) {
        Map<String, Number> before = io.mqlengine.observe.AwsUsage.PROCESS.totals();
        call.run();
        java.util.Set<String> used = new java.util.TreeSet<>();
        io.mqlengine.observe.AwsUsage.PROCESS.totals().forEach((k, v) -> {
            if (!k.endsWith("Units") && !k.endsWith("itemsRead")
                    && v.doubleValue() > before.getOrDefault(k, 0).doubleValue()) {
                used.add(k);
            }
        });
        return used;
    }

    private static java.util.Set<String> granted(String function) {
        java.util.Set<String> actions = new java.util.TreeSet<>();
        io.mqlengine.testing.TemplateResources.properties(function).path("Policies").forEach(p ->
                p.fieldNames().forEachRemaining(name -> actions.addAll(POLICY_ACTIONS.getOrDefault(name, List.of()))));
        return actions;
    }

    @Test
    void policies_shouldGrantEveryActionEachFunctionUses() {
        Map<String, java.util.Set<String>> used = new java.util.LinkedHashMap<>();
        used.put("IngestFunction", operations(() -> stack.post(LambdaEvents.http("ingest/valid-batch.json"))));
        used.put("ScoreFunction", operations(stack::drainEvents));
        used.put("HandoffFunction", operations(stack::drainStream));
        stack.clock.advance(Duration.ofDays(400));
        used.put("SweepFunction", operations(stack::runSweep));
        used.forEach((function, operations) -> {
            assertThat(operations).as("%s made AWS calls", function).isNotEmpty();
            for (String op : operations) {
                assertThat(granted(function)).as("%s calls %s", function, op).containsAll(actionsFor(op));
            }
        });
        assertThat(used.get("ScoreFunction")).contains("DynamoDB.TransactWriteItems");
    }
}
