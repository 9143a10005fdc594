package io.mqlengine.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.WhatIf;
import io.mqlengine.service.WhatIfApi;
import io.mqlengine.store.FunnelCounters;
import io.mqlengine.store.FunnelTally;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The console API function as Lambda builds it from its environment, against ElasticMQ through the unmodified SDK:
 * the model with every packaged journey checked, queue depths and the dead-letter alarms, and a 400 naming the
 * parameter for every request that can never succeed.
 */
class ConsoleApiHandlerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private static SqsClient sqs;
    private static String events;
    private static String deadLetters;
    private static ConsoleApiHandler handler;

    @BeforeAll
    static void start() {
        Emulators emulators = Emulators.get();
        sqs = emulators.sqs();
        String run = UUID.randomUUID().toString().substring(0, 8);
        events = sqs.createQueue(b -> b.queueName("console-events-" + run)).queueUrl();
        deadLetters = sqs.createQueue(b -> b.queueName("console-dlq-" + run)).queueUrl();
        String table = TemplateResources.createTable(emulators.dynamo(), "LeadsTable");
        FunnelCounters counters = new FunnelCounters(emulators.dynamo(), table);
        Map<String, String> env = new HashMap<>(emulators.awsEnvironment());
        env.put("LEADS_TABLE", table);
        env.put("SCORING_MODEL_FILE", TemplateResources.repositoryRoot().resolve("model/scoring-model.json").toString());
        env.put("QUEUES", "events=" + events);
        env.put("ALARMED_QUEUES", "EventsDeadLetterAlarm=" + deadLetters);
        env.put("LEAD_ID_SECRET", "console-test-lead-id-secret");
        handler = new ConsoleApiHandler(env, CLOCK);
        counters.add(new FunnelTally(LocalDate.parse("2026-11-29"), 1, Map.of(FunnelTally.SLA_MISSED, 2L)),
                Instant.parse("2026-11-29T12:00:00Z"));
        counters.add(new FunnelTally(LocalDate.parse("2026-11-30"), 2, Map.of(FunnelTally.SLA_MISSED, 1L)),
                Instant.parse("2026-11-30T12:00:00Z"));
        counters.add(new FunnelTally(LocalDate.parse("2026-11-20"), 3, Map.of(FunnelTally.SLA_MISSED, 5L)),
                Instant.parse("2026-11-20T12:00:00Z"));
    }

    private static APIGatewayV2HTTPResponse post(ConsoleApiHandler to, String path, String body) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("POST");
        http.setPath(path);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        return to.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST " + path).withRawPath(path)
                .withBody(body).withRequestContext(context).build(), null);
    }

    /** The handler with a what-if over {@code archived}, the rest as the environment builds it. */
    private static ConsoleApiHandler withArchive(List<TrackingEvent> archived) {
        ScoringModel live = ScoringModelLoader.load(TemplateResources.repositoryRoot().resolve("model/scoring-model.json"));
        return new ConsoleApiHandler(null, null, null, new WhatIfApi(() -> live, archived::forEach, null,
                new WhatIf("console-test-lead-id-secret", WhatIf.DEFAULT_SWEEP_EVERY)), CLOCK);
    }

    private static APIGatewayV2HTTPResponse get(String path, Map<String, String> query) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        http.setPath(path);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withRouteKey("GET " + path)
                .withRawPath(path).withQueryStringParameters(query).withRequestContext(context).build();
        return handler.handleRequest(event, null);
    }

    @Test
    void model_shouldListTheLiveModelAndEveryPackagedJourneyMeetingItsExpectation() {
        APIGatewayV2HTTPResponse r = get("/v1/console/model", null);

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.read(r.getBody());
        JsonNode file = Json.read(readModel());
        assertThat(body.path("version").asText()).isEqualTo(file.path("modelVersion").asText());
        assertThat(body.path("model")).isEqualTo(file);
        List<String> journeys = new ArrayList<>();
        body.path("journeys").forEach(j -> journeys.add(j.path("file").asText() + " " + j.path("meets").asBoolean()
                + " " + j.path("misses")));
        assertThat(journeys).hasSize(TemplateResources.repositoryRoot().resolve("events/journeys").toFile()
                .list((d, n) -> n.endsWith(".json")).length);
        assertThat(journeys).allSatisfy(j -> assertThat(j).contains(".json true []"));
        assertThat(body.path("journeysMet").asInt()).isEqualTo(journeys.size());
    }

    @Test
    void health_shouldShowDepths_andTheAlarmFiring_whenItsDeadLetterQueueHoldsAMessage() {
        sqs.sendMessage(b -> b.queueUrl(events).messageBody("{}"));
        sqs.sendMessage(b -> b.queueUrl(events).messageBody("{}"));
        sqs.sendMessage(b -> b.queueUrl(deadLetters).messageBody("{}"));

        JsonNode body = Json.read(get("/v1/console/health", null).getBody());

        assertThat(body.path("queues").get(0).path("name").asText()).isEqualTo("events");
        assertThat(body.path("queues").get(0).path("visible").asLong()).isEqualTo(2);
        assertThat(body.path("queues").get(1).path("deadLetter").asBoolean()).isTrue();
        assertThat(body.path("alarms").get(0).path("name").asText()).isEqualTo("EventsDeadLetterAlarm");
        assertThat(body.path("alarms").get(0).path("state").asText()).isEqualTo("ALARM");
        assertThat(body.path("alarms").get(0).path("value").asLong()).isEqualTo(1);
    }

    @Test
    void health_shouldCountTheSlaBreachesOfTheLastDays_fromTheFunnelCounters() {
        JsonNode sla = Json.read(get("/v1/console/health", Map.of("days", "3")).getBody()).path("sla");

        assertThat(sla.path("from").asText()).isEqualTo("2026-11-28");
        assertThat(sla.path("to").asText()).isEqualTo("2026-11-30");
        assertThat(sla.path("missed").asLong()).isEqualTo(3);
        assertThat(sla.path("missedPerDay").toString()).isEqualTo("[{\"day\":\"2026-11-28\",\"missed\":0},"
                + "{\"day\":\"2026-11-29\",\"missed\":2},{\"day\":\"2026-11-30\",\"missed\":1}]");
    }

    @Test
    void funnel_shouldAnswer400NamingTheParameter_whenADayIsNoDate() {
        APIGatewayV2HTTPResponse r = get("/v1/console/funnel", Map.of("from", "2026-13-01"));

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(Json.read(r.getBody()).path("message").asText()).startsWith("from:");
    }

    @Test
    void funnel_shouldAnswerTheDefaultPeriodsCounts_whenGivenNoParameters() {
        JsonNode f = Json.read(get("/v1/console/funnel", null).getBody());

        assertThat(f.path("from").asText()).isEqualTo("2026-11-03");
        assertThat(f.path("to").asText()).isEqualTo("2026-11-30");
        assertThat(f.path("counts").path("slaMissed").asLong()).isEqualTo(8);
    }

    @Test
    void health_shouldAnswer400NamingDays_whenDaysIsNoWholeNumberFrom1To400() {
        for (String days : List.of("0", "401", "seven", "")) {
            APIGatewayV2HTTPResponse r = get("/v1/console/health", Map.of("days", days));
            assertThat(r.getStatusCode()).as("days=%s", days).isEqualTo(400);
            assertThat(Json.read(r.getBody()).path("error").asText()).isEqualTo("invalid_parameter");
            assertThat(Json.read(r.getBody()).path("message").asText()).startsWith("days:");
        }
    }

    @Test
    void consoleRoutes_shouldAnswer400NamingTheParameter_whenGivenOneTheyDoNotTake() {
        APIGatewayV2HTTPResponse model = get("/v1/console/model", Map.of("version", "1"));
        APIGatewayV2HTTPResponse health = get("/v1/console/health", Map.of("queue", "events"));

        assertThat(model.getStatusCode()).isEqualTo(400);
        assertThat(Json.read(model.getBody()).path("message").asText()).startsWith("version:");
        assertThat(health.getStatusCode()).isEqualTo(400);
        assertThat(Json.read(health.getBody()).path("message").asText()).startsWith("queue:");
    }

    @Test
    void whatIf_shouldAnswer404SayingThereIsNoArchive_whenTheDeploymentKeepsNone() {
        APIGatewayV2HTTPResponse r = post(handler, "/v1/console/what-if", readModel());

        assertThat(r.getStatusCode()).isEqualTo(404);
        assertThat(Json.read(r.getBody()).path("error").asText()).isEqualTo("no_archive");
    }

    @Test
    void whatIf_shouldAnswer400WithLineAndColumn_whenTheCandidateIsNoJson() {
        APIGatewayV2HTTPResponse r = post(withArchive(List.of()), "/v1/console/what-if", "{\n  \"modelVersion\": ,\n}");

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(Json.read(r.getBody()).path("message").asText()).contains("line 2", "column");
    }

    @Test
    void whatIf_shouldCompareTheLiveModelWithTheCandidate_whenTheCandidateIsAModel() {
        APIGatewayV2HTTPResponse r = post(withArchive(List.of()), "/v1/console/what-if",
                readModel().replace("\"threshold\": 100", "\"threshold\": 90"));

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.read(r.getBody());
        assertThat(body.path("live").path("mqls").asInt()).isZero();
        assertThat(body.path("candidate").path("mqls").asInt()).isZero();
        assertThat(body.path("events").asInt()).isZero();
    }

    @Test
    void handler_shouldAnswer404_whenTheRouteIsNotTheConsoles() {
        assertThat(get("/v1/console/nothing", null).getStatusCode()).isEqualTo(404);
    }

    private static String readModel() {
        try {
            return Files.readString(TemplateResources.repositoryRoot().resolve("model/scoring-model.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
