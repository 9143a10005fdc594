package io.mqlengine.it;

import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.ingest.IngestHandler;
import io.mqlengine.json.Json;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.scoring.Cap;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A burst for one lead: 16 clients each send 50 single-event requests at once, through the ingest function,
 * while the score function's event source mapping delivers the events queue in batches. Every accepted event
 * is applied exactly once: the lead's per-rule counts and score are what the scoring model makes of the 800
 * events, and nothing waits its way into the events DLQ.
 */
class OneLeadBurstTest {
    private static final String VISITOR = "anon-burst-one-lead";
    private static final int CLIENTS = 16;
    private static final int REQUESTS_PER_CLIENT = 50;
    /** Batches in flight at once on the mapping: as many as the local twin's mapping runs. */
    private static final int POLLERS = 2;

    private Stack stack;
    private ExecutorService clients;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
        clients = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    /** A kind of event a visitor sends; built both as the JSON a client posts and as the event the model reads. */
    private record Activity(EventType type, String event, String path, Map<String, Object> properties) {
        static Activity page(String path) {
            return new Activity(EventType.PAGE, null, path, Map.of());
        }

        static Activity track(String event, Map<String, Object> properties) {
            return new Activity(EventType.TRACK, event, null, properties);
        }

        ObjectNode json(String eventId, Instant at) {
            ObjectNode e = Json.object().put("eventId", eventId).put("type", type.wire()).put("anonymousId", VISITOR)
                    .put("timestamp", at.toString());
            if (event != null) {
                e.put("event", event);
            }
            if (path != null) {
                e.putObject("context").putObject("page").put("path", path);
            }
            if (!properties.isEmpty()) {
                e.set("properties", Json.mapper().valueToTree(properties));
            }
            return e;
        }

        TrackingEvent tracking(String eventId, Instant at) {
            Map<String, Object> context = path == null ? Map.of() : Map.of("page", Map.of("path", path));
            return new TrackingEvent(eventId, type, event, VISITOR, null, null, at, context, properties);
        }
    }

    /**
     * The burst: scoring events below or at their caps, so that one lost or doubled changes a count, among
     * page views beyond their daily cap and engagement heartbeats too short to score.
     */
    private static List<Activity> burst() {
        List<Activity> all = new ArrayList<>();
        add(all, 1, Activity.track("Survey Answered", Map.of("surveyId", "nps-q4")));
        // one click only: several email clicks within a second are a link scanner's, not a person's
        add(all, 1, Activity.track("Email Link Clicked", Map.of("campaign", "winter-launch")));
        add(all, 2, Activity.track("Email Opened", Map.of("campaign", "winter-launch")));
        add(all, 1, Activity.track("Newsletter Subscribed", Map.of()));
        add(all, 1, Activity.track("Webinar Registered", Map.of("webinar", "scoring-101")));
        add(all, 1, Activity.track("Content Downloaded", Map.of("assetType", "case_study")));
        add(all, 2, Activity.track("Content Downloaded", Map.of("assetType", "whitepaper")));
        add(all, 4, Activity.track("Product Favorited", Map.of("sku", "starter")));
        add(all, 4, Activity.track("Social Engaged", Map.of("network", "linkedin")));
        add(all, 3, Activity.track("Product Added to Wishlist", Map.of("sku", "team")));
        add(all, 2, Activity.track("Ad Clicked", Map.of("campaign", "search")));
        add(all, 1, Activity.track("Session Engaged", Map.of("seconds", 300)));
        add(all, 1, Activity.page("/pricing"));
        add(all, 2, Activity.page("/product/api"));
        add(all, 1, Activity.page("/compare/hubspot"));
        int scoring = all.size();
        for (int i = 0; i < CLIENTS * REQUESTS_PER_CLIENT - scoring; i++) {
            all.add(i % 2 == 0 ? Activity.page("/blog/post-" + i) : Activity.track("Session Engaged", Map.of("seconds", 30)));
        }
        // a fixed shuffle: the scoring events spread over the clients and over the burst's length
        Collections.shuffle(all, new Random(12));
        return all;
    }

    private static void add(List<Activity> all, int times, Activity a) {
        for (int i = 0; i < times; i++) {
            all.add(a);
        }
    }

    @Test
    void score_shouldApplyEveryEventOnce_andDeadLetterNone_when16ClientsSend50SingleEventRequestsForOneLead()
            throws Exception {
        // one instant for the whole burst: whichever events a cap admits, their decayed points are the same
        Instant at = stack.clock.instant().minusSeconds(60);
        List<Activity> activities = burst();
        List<TrackingEvent> events = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < activities.size(); i++) {
            String id = "burst-" + i;
            events.add(activities.get(i).tracking(id, at));
            ObjectNode request = Json.object().put("writeKey", Stack.WRITE_KEY);
            request.putArray("events").add(activities.get(i).json(id, at));
            bodies.add(request.toString());
        }
        EventSourceMapping mapping = EventSourceMapping.events(stack);
        List<ScoreHandler> instances = new ArrayList<>();
        for (int i = 0; i < POLLERS; i++) {
            instances.add(new ScoreHandler(stack.env, stack.clock));
        }

        AtomicInteger accepted = new AtomicInteger();
        Map<Integer, String> refused = new TreeMap<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> sent = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            sent.add(clients.submit(() -> {
                // each client reaches its own instance of the ingest function, as concurrent requests do
                IngestHandler ingest = new IngestHandler(stack.env, stack.clock);
                go.await();
                for (int r = client; r < bodies.size(); r += CLIENTS) {
                    APIGatewayV2HTTPResponse answer = ingest.handleRequest(
                            LambdaEvents.http(bodies.get(r), "application/json", Stack.ORIGIN), null);
                    if (answer.getStatusCode() == 202) {
                        accepted.incrementAndGet();
                    } else {
                        synchronized (refused) {
                            refused.put(r, PipelineContract.body(answer));
                        }
                    }
                }
                return null;
            }));
        }
        go.countDown();
        mapping.runUntil(instances, () -> sent.stream().allMatch(Future::isDone) && stack.eventsQueued() == 0,
                Duration.ofSeconds(90));
        for (Future<?> f : sent) {
            f.get(1, TimeUnit.SECONDS);
        }

        Map<String, Integer> counts = expectedCounts(PipelineContract.MODEL, events);
        double expectedScore = expectedScore(PipelineContract.MODEL, counts, at, stack.clock.instant());
        LeadState lead = stack.store.get(LeadKey.anonymous(VISITOR));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(refused).as("requests not answered 202").isEmpty();
        soft.assertThat(accepted.get()).as("requests accepted").isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
        soft.assertThat(stack.depth("EventsDeadLetterQueue")).as("messages in the events DLQ").isZero();
        soft.assertThat(mapping.errors()).as("failed invocations").isEmpty();
        soft.assertThat(lead).as("the lead").isNotNull();
        if (lead != null) {
            Map<String, Integer> scored = new TreeMap<>();
            lead.contributions().forEach((rule, c) -> scored.put(rule, c.count()));
            soft.assertThat(scored).as("times each rule scored").isEqualTo(counts);
            soft.assertThat(lead.scoreAt(stack.clock.instant())).as("score").isCloseTo(expectedScore, within(1e-6));
        }
        soft.assertAll();
    }

    /** How many times each rule of {@code model} scores for {@code events}, all in one window of every cap. */
    static Map<String, Integer> expectedCounts(ScoringModel model, List<TrackingEvent> events) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ScoringModel.BehaviourRule rule : model.behaviour()) {
            int matching = (int) events.stream().filter(e -> rule.when().matches(e, false)).count();
            int scored = matching;
            if (rule.cap() instanceof Cap.Once) {
                scored = Math.min(matching, 1);
            } else if (rule.cap() instanceof Cap.PerPeriod p) {
                scored = Math.min(matching, p.max());
            }
            if (scored > 0) {
                counts.put(rule.id(), scored);
            }
        }
        return counts;
    }

    /** The score at {@code now} of rules scoring {@code counts} times, every event at {@code at}. */
    static double expectedScore(ScoringModel model, Map<String, Integer> counts, Instant at, Instant now) {
        double decay = Math.pow(2, -(Duration.between(at, now).toMillis() / (double) model.halfLife().toMillis()));
        Map<String, Double> points = new LinkedHashMap<>();
        model.behaviour().forEach(r -> points.put(r.id(), r.points()));
        double score = 0;
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            score += points.get(c.getKey()) * c.getValue() * decay;
        }
        return score;
    }
}
