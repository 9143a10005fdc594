package io.mqlengine.it;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.emulator.lambda.FilterPattern;
import io.mqlengine.emulator.lambda.SqsEvents;
import io.mqlengine.emulator.lambda.StreamEvents;
import io.mqlengine.handoff.HandoffHandler;
import io.mqlengine.ingest.IngestHandler;
import io.mqlengine.outcome.OutcomeHandler;
import io.mqlengine.outcome.WebhookHandler;
import io.mqlengine.journey.ManualClock;
import io.mqlengine.json.Json;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadStore;
import io.mqlengine.sweep.SweepHandler;
import io.mqlengine.testing.Backend;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The template's resources on a backend, under fresh names, and the four handlers wired to them as the
 * template wires them. Drives the event sources the way Lambda does: SQS batches with partial failures
 * (failed messages made visible again at once, so redrive to the DLQ needs no waiting), the table's
 * stream through the template's filter with batch-item failures, and the schedule.
 */
final class Stack {
    static final String WRITE_KEY = "demo-write-key";
    static final String ORIGIN = "http://localhost:8080";
    static final String LEAD_ID_SECRET = "integration-test-lead-id-secret";
    static final String OUTCOMES_SECRET = "integration-test-outcomes-secret";

    final Backend backend;
    final ManualClock clock;
    final String table;
    final Map<String, String> queues = new HashMap<>();
    final Map<String, String> env;
    final IngestHandler ingest;
    final ScoreHandler score;
    final HandoffHandler handoff;
    final SweepHandler sweep;
    final OutcomeHandler outcomes;
    final WebhookHandler webhook;
    final LeadStore store;
    private final FilterPattern streamFilter;
    private final Map<String, String> shardIterators = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> mappingIterators = new HashMap<>();
    private final String streamArn;
    private final String region;
    private final Map<String, String> queueArns = new HashMap<>();

    Stack(Backend backend, Instant now, String identitySecret) {
        this.backend = backend;
        this.clock = new ManualClock(now);
        this.table = TemplateResources.createTable(backend.dynamo(), "LeadsTable");
        queues.putAll(TemplateResources.createQueue(backend.sqs(), "EventsQueue", "HandRaiserQueue"));
        queues.putAll(TemplateResources.createQueue(backend.sqs(), "HandoffQueue"));
        queues.putAll(TemplateResources.createQueue(backend.sqs(), "OutcomesQueue"));
        env = new HashMap<>(backend.awsEnvironment());
        region = env.get("AWS_REGION");
        env.put("LEADS_TABLE", table);
        env.put("SCORING_MODEL_FILE", TemplateResources.repositoryRoot().resolve("model/scoring-model.json").toString());
        env.put("EVENTS_QUEUE_URL", queues.get("EventsQueue"));
        env.put("HAND_RAISER_QUEUE_URL", queues.get("HandRaiserQueue"));
        env.put("HANDOFF_QUEUE_URL", queues.get("HandoffQueue"));
        env.put("WRITE_KEYS", WRITE_KEY);
        env.put("ALLOWED_ORIGINS", ORIGIN + ",http://127.0.0.1:8080");
        env.put("IDENTITY_SECRET", identitySecret);
        env.put("MAX_EVENT_AGE", "P7D");
        env.put("LEAD_ID_SECRET", LEAD_ID_SECRET);
        env.put("OUTCOMES_QUEUE_URL", queues.get("OutcomesQueue"));
        env.put("OUTCOMES_SECRET", OUTCOMES_SECRET);
        ingest = new IngestHandler(env, clock);
        score = new ScoreHandler(env, clock);
        handoff = new HandoffHandler(env, clock);
        sweep = new SweepHandler(env, clock);
        outcomes = new OutcomeHandler(env, clock);
        webhook = new WebhookHandler(env, clock);
        store = new DynamoLeadStore(backend.dynamo(), table, Duration.ofDays(120));
        JsonNode filter = TemplateResources.properties("HandoffFunction").path("Events").path("Qualified")
                .path("Properties").path("FilterCriteria").path("Filters").get(0).path("Pattern");
        streamFilter = FilterPattern.parse(filter.asText());
        streamArn = backend.dynamo().describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    APIGatewayV2HTTPResponse post(APIGatewayV2HTTPEvent request) {
        return ingest.handleRequest(request, null);
    }

    /** Posts a tracking request body as the snippet would. */
    APIGatewayV2HTTPResponse post(String body) {
        return post(LambdaEvents.http(body, "application/json", ORIGIN));
    }

    /** The results of draining a queue into a function. */
    record Drained(int invocations, int delivered, int failed) {
    }

    /**
     * Runs the score function's two mappings, the hand-raiser queue's and then the events queue's, until both
     * queues are empty: batches of up to 10, as Lambda polls.
     */
    Drained drainEvents() {
        Drained fast = drainQueue(queues.get("HandRaiserQueue"), batch -> score.handleRequest(batch, null), true);
        Drained bulk = drainQueue(queues.get("EventsQueue"), batch -> score.handleRequest(batch, null), true);
        return new Drained(fast.invocations() + bulk.invocations(), fast.delivered() + bulk.delivered(),
                fast.failed() + bulk.failed());
    }

    /** Runs the outcomes function's mapping until the outcomes queue is empty (poison goes to its DLQ). */
    Drained drainOutcomes() {
        return drainQueue(queues.get("OutcomesQueue"), batch -> outcomes.handleRequest(batch, null), true);
    }

    /** Messages on both queues the score function reads, visible, in flight or delayed. */
    int eventsQueued() {
        return depth("EventsQueue") + depth("HandRaiserQueue");
    }

    /**
     * Receives one batch from the queue {@code logicalId} and invokes the score function, without deleting
     * anything: a crash before the delete.
     */
    List<Message> scoreWithoutDeleting(String logicalId) {
        String url = queues.get(logicalId);
        List<Message> batch = receive(url, 10);
        score.handleRequest(sqsEvent(batch, url), null);
        batch.forEach(m -> backend.sqs().changeMessageVisibility(b -> b.queueUrl(url)
                .receiptHandle(m.receiptHandle()).visibilityTimeout(0)));
        return batch;
    }

    Drained drainQueue(String url, Function<SQSEvent, SQSBatchResponse> fn, boolean fastRetries) {
        int invocations = 0;
        int delivered = 0;
        int failed = 0;
        for (int round = 0; round < 200; round++) {
            List<Message> batch = receive(url, 10);
            if (batch.isEmpty()) {
                return new Drained(invocations, delivered, failed);
            }
            invocations++;
            delivered += batch.size();
            SQSBatchResponse r = fn.apply(sqsEvent(batch, url));
            Set<String> failures = r.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
            failed += failures.size();
            for (Message m : batch) {
                if (!failures.contains(m.messageId())) {
                    backend.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                } else if (fastRetries) {
                    backend.sqs().changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())
                            .visibilityTimeout(0));
                }
            }
        }
        throw new AssertionError("queue " + url + " did not drain in 200 batches");
    }

    /** The event Lambda's poller would build from messages received from the queue at {@code url}. */
    SQSEvent sqsEvent(List<Message> batch, String url) {
        return SqsEvents.event(batch, queueArns.computeIfAbsent(url, this::queueArn), region);
    }

    List<Message> receive(String url, int max) {
        return backend.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    /** Every message on a queue, read like a sales tool would read the handoff queue (and deleted). */
    List<String> readAll(String logicalId) {
        String url = queues.get(logicalId);
        List<String> bodies = new ArrayList<>();
        for (List<Message> batch = receive(url, 10); !batch.isEmpty(); batch = receive(url, 10)) {
            for (Message m : batch) {
                bodies.add(m.body());
                backend.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return bodies;
    }

    int depth(String logicalId) {
        String url = queues.get(logicalId);
        Map<QueueAttributeName, String> a = backend.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    String queueArn(String url) {
        return backend.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** The stream records since the last call that pass the handoff function's filter, as Lambda would batch them. */
    List<DynamodbEvent.DynamodbStreamRecord> pollStream() {
        return pollStream(List.of(streamFilter), shardIterators);
    }

    /**
     * The stream records since the last call for {@code function}'s stream mapping {@code event} that pass its filters
     * (any of them), each mapping reading from its own position as Lambda's do.
     */
    List<DynamodbEvent.DynamodbStreamRecord> pollStream(String function, String event) {
        List<FilterPattern> filters = new ArrayList<>();
        TemplateResources.properties(function).path("Events").path(event).path("Properties").path("FilterCriteria")
                .path("Filters").forEach(f -> filters.add(FilterPattern.parse(f.path("Pattern").asText())));
        Map<String, String> iterators = mappingIterators.computeIfAbsent(function + "." + event,
                k -> new LinkedHashMap<>());
        return pollStream(filters, iterators);
    }

    private List<DynamodbEvent.DynamodbStreamRecord> pollStream(List<FilterPattern> filters,
                                                                Map<String, String> iterators) {
        var streams = backend.streams();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            iterators.computeIfAbsent(shard.shardId(), id -> streams.getShardIterator(b -> b.streamArn(streamArn)
                    .shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        List<DynamodbEvent.DynamodbStreamRecord> out = new ArrayList<>();
        for (Map.Entry<String, String> e : iterators.entrySet()) {
            String iterator = e.getValue();
            while (iterator != null) {
                String it = iterator;
                var r = streams.getRecords(b -> b.shardIterator(it));
                for (Record rec : r.records()) {
                    JsonNode json = StreamEvents.filterJson(rec, streamArn, region);
                    if (filters.stream().anyMatch(f -> f.matches(json))) {
                        out.add(StreamEvents.record(rec, streamArn, region, false));
                    }
                }
                iterator = r.nextShardIterator();
                e.setValue(iterator);
                if (r.records().isEmpty()) {
                    break;
                }
            }
        }
        return out;
    }

    /** Delivers new stream records to the handoff function, retrying from a reported failure like Lambda does. */
    int drainStream() {
        List<DynamodbEvent.DynamodbStreamRecord> records = pollStream();
        int invocations = 0;
        while (!records.isEmpty()) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(records);
            invocations++;
            StreamsEventResponse r = handoff.handleRequest(event, null);
            if (r.getBatchItemFailures() == null || r.getBatchItemFailures().isEmpty()) {
                break;
            }
            String failedAt = r.getBatchItemFailures().get(0).getItemIdentifier();
            int from = 0;
            while (!records.get(from).getDynamodb().getSequenceNumber().equals(failedAt)) {
                from++;
            }
            records = records.subList(from, records.size());
            if (invocations > 20) {
                throw new AssertionError("stream record " + failedAt + " keeps failing");
            }
        }
        return invocations;
    }

    /** The whole pipeline until nothing moves: score the queue, hand off from the stream. */
    void settle() {
        drainEvents();
        drainStream();
    }

    Map<String, Object> runSweep() {
        ScheduledEvent e = com.amazonaws.services.lambda.runtime.tests.EventLoader.loadScheduledEvent(
                LambdaEvents.sample("sweep/schedule.json").toString());
        return sweep.handleRequest(e, null);
    }

    static JsonNode json(String s) {
        return Json.read(s);
    }
}
