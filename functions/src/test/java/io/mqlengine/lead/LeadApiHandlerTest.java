package io.mqlengine.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.journey.ManualClock;
import io.mqlengine.json.Json;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.SeenIds;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.LeadErasure;
import io.mqlengine.service.ScoreService;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadItemValues;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The lead API function on the DynamoDB emulator through the unmodified SDK: leads scored by the score service,
 * looked up and erased by the handler as API Gateway invokes it, then late events of the erased person scored.
 */
class LeadApiHandlerTest {
    private static final String SECRET = "lead-api-test-lead-id-secret";
    private static final String EMAIL = "Grace.Hopper@Navy-Example.org";
    private static final Traits GRACE = new Traits(EMAIL, "Grace", "Hopper", "Rear Admiral and Director",
            "Cobol Compilers Incorporated", 250, "software", "US");
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static final AtomicInteger IDS = new AtomicInteger();

    private DynamoDbClient dynamo;
    private String table;
    private ManualClock clock;
    private LeadApiHandler handler;
    private ScoreService score;
    private DynamoLeadStore store;
    private final String leadId = new LeadIds(SECRET).forEmail(EMAIL);

    @BeforeEach
    void createTable() {
        Emulators emulators = Emulators.get();
        dynamo = emulators.dynamo();
        table = TemplateResources.createTable(dynamo, "LeadsTable");
        clock = new ManualClock(T0.plusSeconds(60));
        Map<String, String> env = new HashMap<>(emulators.awsEnvironment());
        env.put("LEADS_TABLE", table);
        env.put("LEAD_ID_SECRET", SECRET);
        env.put("SCORING_MODEL_FILE", TemplateResources.repositoryRoot().resolve("model/scoring-model.json").toString());
        handler = new LeadApiHandler(env, clock);
        store = new DynamoLeadStore(dynamo, table, Duration.ofDays(120));
        score = new ScoreService(store, new LeadScorer(ScoringModelLoader.loadDefault()), new LeadIds(SECRET), clock);
    }

    private static TrackingEvent event(EventType type, String name, String anon, Traits traits, Map<String, Object> ctx,
                                       Instant at) {
        return new TrackingEvent("e-" + IDS.incrementAndGet(), type, name, anon, null, traits, at, ctx, Map.of());
    }

    private static TrackingEvent page(String anon, String path, Instant at) {
        return event(EventType.PAGE, null, anon, null, Map.of("page", Map.of("path", path)), at);
    }

    private static TrackingEvent identify(String anon, Instant at) {
        return event(EventType.IDENTIFY, null, anon, GRACE, Map.of(), at);
    }

    private static TrackingEvent webinar(String anon, Instant at) {
        return event(EventType.TRACK, "Webinar Attended", anon, null, Map.of(), at);
    }

    private ScoreService.Result scored(TrackingEvent... events) {
        List<ScoreService.Item> items = new ArrayList<>();
        for (TrackingEvent e : events) {
            items.add(new ScoreService.Item("m-" + e.eventId(), e));
        }
        return score.score(items);
    }

    /** Grace browses on two devices, then identifies on both: two anonymous ids merged into her lead. */
    private void graceOnTwoDevices() {
        scored(page("laptop-1", "/pricing", T0), page("laptop-1", "/product/a", T0.plusSeconds(5)),
                page("phone-1", "/compare/x", T0.plusSeconds(7)));
        ScoreService.Result r = scored(identify("laptop-1", T0.plusSeconds(10)), identify("phone-1", T0.plusSeconds(20)),
                webinar("laptop-1", T0.plusSeconds(30)));
        assertThat(r.failedMessageIds()).isEmpty();
    }

    private APIGatewayV2HTTPResponse call(String method, String leadIdParam, String email) {
        var b = APIGatewayV2HTTPEvent.builder()
                .withRouteKey(method + (leadIdParam == null ? " /v1/leads" : " /v1/leads/{leadId}"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build()).build());
        if (leadIdParam != null) {
            b.withPathParameters(Map.of("leadId", leadIdParam));
        }
        if (email != null) {
            b.withQueryStringParameters(Map.of("email", email));
        }
        return handler.handleRequest(b.build(), null);
    }

    @Test
    void get_shouldAnswerTheLeadsView_byEmailAndById_withABreakdownThatAddsUp() {
        graceOnTwoDevices();
        APIGatewayV2HTTPResponse byEmail = call("GET", null, "grace.hopper@navy-example.org");
        assertThat(byEmail.getStatusCode()).as(byEmail.getBody()).isEqualTo(200);
        JsonNode n = Json.read(byEmail.getBody());
        assertThat(n.get("leadId").asText()).isEqualTo(leadId);
        assertThat(n.get("traits").get("lastName").asText()).isEqualTo("Hopper");
        double sum = 0;
        for (JsonNode p : n.get("breakdown")) {
            sum += p.get("points").asDouble();
        }
        assertThat(sum).isCloseTo(n.get("score").asDouble(), within(0.01));
        assertThat(n.get("breakdown")).extracting(p -> p.get("rule").asText())
                .contains("pricing-page", "comparison-page", "webinar-attended");
        APIGatewayV2HTTPResponse byId = call("GET", leadId, null);
        assertThat(Json.read(byId.getBody())).isEqualTo(n);
    }

    @Test
    void get_shouldAnswer404_forAnUnknownLead_and400NamingTheParameter_forABadOne() {
        APIGatewayV2HTTPResponse unknown = call("GET", null, "nobody@example.com");
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(Json.read(unknown.getBody()).get("error").asText()).isEqualTo("not_found");
        APIGatewayV2HTTPResponse badEmail = call("GET", null, "not-an-email");
        assertThat(badEmail.getStatusCode()).isEqualTo(400);
        assertThat(Json.read(badEmail.getBody()).get("message").asText()).startsWith("email:");
        APIGatewayV2HTTPResponse badId = call("DELETE", "LEAD#x", null);
        assertThat(badId.getStatusCode()).isEqualTo(400);
        assertThat(Json.read(badId.getBody()).get("message").asText()).startsWith("leadId:");
        assertThat(call("DELETE", null, "nobody@example.com").getStatusCode()).isEqualTo(404);
    }

    @Test
    void delete_shouldLeaveNothingOfThePersonInTheTable_andAnswerTheSameTwice() {
        graceOnTwoDevices();
        APIGatewayV2HTTPResponse r = call("DELETE", null, EMAIL);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        JsonNode n = Json.read(r.getBody());
        assertThat(n.get("leadId").asText()).isEqualTo(leadId);
        assertThat(n.get("erased").asBoolean()).isTrue();
        assertThat(n.get("aliases").asInt()).as("both devices' ids").isEqualTo(2);

        assertNoTraceOfGrace();
        Map<LeadKey, Stored> left = store.load(List.of(LeadKey.lead(leadId), LeadKey.anonymous("laptop-1"),
                LeadKey.anonymous("phone-1")), true);
        assertThat(left.values()).hasSize(3).allMatch(s -> s instanceof Stored.Erased);
        Stored.Erased tomb = (Stored.Erased) left.get(LeadKey.lead(leadId));
        assertThat(tomb.expiresAt()).isEqualTo(Instant.ofEpochSecond(
                clock.instant().plus(LeadErasure.TOMBSTONE_KEPT).getEpochSecond()));

        APIGatewayV2HTTPResponse again = call("DELETE", leadId, null);
        assertThat(again.getStatusCode()).as("idempotent").isEqualTo(200);
        assertThat(Json.read(again.getBody()).get("erased").asBoolean()).isTrue();
        assertThat(call("GET", leadId, null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void delete_shouldDeleteTheOverflowItemsOfEventIds_ofTheLeadAndItsAliases() {
        graceOnTwoDevices();
        int today = SeenIds.day(clock.instant());
        // a busy lead's spilled event-id fingerprints, as the score function writes them
        for (LeadKey k : List.of(LeadKey.lead(leadId), LeadKey.anonymous("laptop-1"))) {
            Map<String, AttributeValue> item = new HashMap<>(LeadItems.overflowKey(k, today));
            item.put("f", LeadItemValues.fingerprints(new long[] {1L, 2L}));
            dynamo.putItem(b -> b.tableName(table).item(item));
        }
        assertThat(call("DELETE", leadId, null).getStatusCode()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(i -> keys.add(i.get("pk").s()));
        assertThat(keys).noneMatch(k -> k.startsWith("SEEN#"));
    }

    @Test
    void lateEvents_shouldNotReviveTheErasedPerson_norLinkAnyIdToThem() {
        graceOnTwoDevices();
        assertThat(call("DELETE", leadId, null).getStatusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));
        // in-flight events of her devices, an identify from a new browser with her email, and its page view
        ScoreService.Result r = scored(page("laptop-1", "/pricing", T0.plusSeconds(40)),
                webinar("phone-1", T0.plusSeconds(45)), identify("tablet-1", T0.plusSeconds(50)),
                page("tablet-1", "/product/b", T0.plusSeconds(51)));
        assertThat(r.failedMessageIds()).isEmpty();
        assertThat(r.busyMessageIds()).isEmpty();
        assertThat(r.erased()).as("every event dropped").isEqualTo(4);
        assertThat(r.leadsWritten()).isZero();

        assertNoTraceOfGrace();
        assertThat(store.load(List.of(LeadKey.lead(leadId)), true).get(LeadKey.lead(leadId)))
                .isInstanceOf(Stored.Erased.class);
        assertThat(store.load(List.of(LeadKey.anonymous("tablet-1")), true)).as("the new browser is not linked")
                .isEmpty();
        assertThat(call("GET", null, EMAIL).getStatusCode()).isEqualTo(404);
    }

    /** Scans every item of the table, every attribute at any depth, for the email and her other traits. */
    private void assertNoTraceOfGrace() {
        List<String> values = List.of(EMAIL, "grace", "hopper", "rear admiral", "cobol compilers");
        List<String> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                String text = flatten(AttributeValue.fromM(item)).toLowerCase(Locale.ROOT);
                values.forEach(v -> {
                    if (text.contains(v.toLowerCase(Locale.ROOT))) {
                        found.add(v + " in " + item.get("pk").s());
                    }
                });
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        assertThat(found).isEmpty();
    }

    /** Every string, number, binary (as text) and name in a value, nested maps and lists included. */
    private static String flatten(AttributeValue v) {
        StringBuilder out = new StringBuilder();
        if (v.s() != null) {
            out.append(v.s()).append('\n');
        }
        if (v.n() != null) {
            out.append(v.n()).append('\n');
        }
        if (v.b() != null) {
            out.append(new String(v.b().asByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)).append('\n');
        }
        v.ss().forEach(s -> out.append(s).append('\n'));
        v.ns().forEach(s -> out.append(s).append('\n'));
        v.bs().forEach(s -> out.append(new String(s.asByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)));
        if (v.hasM()) {
            v.m().forEach((k, x) -> out.append(k).append('\n').append(flatten(x)));
        }
        if (v.hasL()) {
            v.l().forEach(x -> out.append(flatten(x)));
        }
        return out.toString();
    }
}
