package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.testing.Emulators;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input that can never succeed gets a 4xx that names what is wrong, through the ingest handler: never a 5xx (a
 * client would retry it forever), never anything queued that SQS would refuse, and never an answer much larger than
 * the question.
 */
class BadInputTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:01Z");
    private static final String EVENT = "'eventId':'e1','type':'page','anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z'";

    private Stack stack;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), NOW, "");
    }

    private static String native_(String eventFields) {
        return ("{'writeKey':'demo-write-key','events':[{" + eventFields + "}]}").replace('\'', '"');
    }

    static Stream<Arguments> bodies() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        return Stream.of(
                Arguments.of("exponent overflow, right key", native_(EVENT + ",'properties':{'x':1e2147483648}"), 400, "$"),
                Arguments.of("exponent overflow, wrong key", "{\"writeKey\":\"nope\",\"events\":[{\"x\":1e2147483648}]}", 400, "$"),
                Arguments.of("scale underflow", native_(EVENT + ",'properties':{'x':-1e-2147483648}"), 400, "$"),
                Arguments.of("number beyond a double", native_(EVENT + ",'properties':{'x':1e999999}"), 400,
                        "$.events[0].properties.x"),
                Arguments.of("integer beyond a long", native_(EVENT + ",'properties':{'x':" + "9".repeat(60) + "}"), 400,
                        "$.events[0].properties.x"),
                Arguments.of("number longer than the parser allows", native_(EVENT + ",'properties':{'x':" + "9".repeat(2000) + "}"),
                        400, "$"),
                Arguments.of("NaN", native_(EVENT + ",'properties':{'x':NaN}"), 400, "$"),
                Arguments.of("Infinity", native_(EVENT + ",'properties':{'x':-Infinity}"), 400, "$"),
                Arguments.of("companySize huge", native_("'eventId':'e1','type':'identify','anonymousId':'a1','timestamp':"
                        + "'2026-11-23T09:59:00Z','traits':{'companySize':1e300}"), 400, "$.events[0].traits.companySize"),
                Arguments.of("sentAt in year -999999999", ("{'writeKey':'demo-write-key','sentAt':'-999999999-01-01T00:00:00Z',"
                        + "'events':[{" + EVENT + "}]}").replace('\'', '"'), 400, "$.sentAt"),
                Arguments.of("sentAt in year +999999999", ("{'writeKey':'demo-write-key','sentAt':'+999999999-12-31T23:59:59Z',"
                        + "'events':[{" + EVENT + "}]}").replace('\'', '"'), 400, "$.sentAt"),
                Arguments.of("sentAt in year 0000 and a timestamp in 9999", ("{'writeKey':'demo-write-key','sentAt':"
                        + "'0000-01-01T00:00:00Z','events':[{'eventId':'e1','type':'page','anonymousId':'a1',"
                        + "'timestamp':'9999-12-31T23:59:59Z'}]}").replace('\'', '"'), 400, "$.events[0].timestamp"),
                Arguments.of("timestamp in year -999999999", native_("'eventId':'e1','type':'page','anonymousId':'a1',"
                        + "'timestamp':'-999999999-01-01T00:00:00Z'"), 400, "$.events[0].timestamp"),
                Arguments.of("timestamp of a huge offset", native_("'eventId':'e1','type':'page','anonymousId':'a1',"
                        + "'timestamp':'2026-11-23T09:59:00+99:00'"), 400, "$.events[0].timestamp"),
                Arguments.of("deep nesting", "{\"writeKey\":\"demo-write-key\",\"events\":" + deep + "}", 400, "$"),
                Arguments.of("nesting within the parser's limit", native_(EVENT + ",'properties':{'a':[[[[[[[[[[1]]]]]]]]]]}"),
                        400, "$.events[0].properties.a[0][0][0]"),
                Arguments.of("lone surrogate in a value", native_(EVENT + ",'properties':{'x':'\\ud83d'}"), 400,
                        "$.events[0].properties.x"),
                Arguments.of("lone surrogate in a nested key", native_(EVENT + ",'context':{'page':{'\\udfff':1}}"), 400,
                        "$.events[0].context.page.\\uDFFF"),
                Arguments.of("U+FFFF in the event name", native_("'eventId':'e1','type':'track','event':'Demo\\uffff',"
                        + "'anonymousId':'a1','timestamp':'2026-11-23T09:59:00Z'"), 400, "$.events[0].event"),
                Arguments.of("U+FFFE in a request field name", "{\"writeKey\":\"demo-write-key\",\"\\ufffe\":1,\"events\":[{}]}",
                        400, "$.\\uFFFE"),
                Arguments.of("not UTF-8", "{\"writeKey\":\"demo-write-key\",\"events\":[\"\u00ff\"]}", 400, "$"),
                Arguments.of("events not an array", "{\"writeKey\":\"demo-write-key\",\"events\":{}}", 400, "$.events"),
                Arguments.of("body a string", "\"hello\"", 400, "$"),
                Arguments.of("body null", "null", 400, "$"),
                Arguments.of("empty body", "", 400, "$"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void ingest_shouldAnswer4xxNamingThePath_neverA5xx(String name, String body, int status, String path) {
        byte[] bytes = name.equals("not UTF-8") ? body.getBytes(StandardCharsets.ISO_8859_1) : body.getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPResponse r = stack.post(SegmentIngestTest.request("/v1/events", bytes,
                Map.of("content-type", "application/json")));
        assertThat(r.getStatusCode()).as(name + ": " + r.getBody()).isEqualTo(status);
        JsonNode answer = Json.read(r.getBody());
        assertThat(answer.path("error").asText()).as(name).isNotEmpty();
        List<String> paths = new ArrayList<>();
        answer.path("errors").forEach(p -> paths.add(p.path("path").asText()));
        answer.path("rejected").forEach(e -> e.path("errors").forEach(p -> paths.add(p.path("path").asText())));
        assertThat(paths).as(name + ": " + r.getBody()).contains(path);
        assertThat(stack.eventsQueued()).isZero();
    }

    @Test
    void ingest_shouldCapTheAnswer_whenAnEventHas6500UnknownFields() {
        StringBuilder fields = new StringBuilder(EVENT);
        for (int i = 0; fields.length() < 60_000; i++) {
            fields.append(",'f").append(i).append("':1");
        }
        String body = native_(fields.toString());
        assertThat(body.length()).isLessThanOrEqualTo(64 * 1024);
        APIGatewayV2HTTPResponse r = stack.post(body);
        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(r.getBody().length()).as("answer size").isLessThan(4 * 1024);
        JsonNode rejected = Json.read(r.getBody()).get("rejected").get(0);
        assertThat(rejected.get("errors")).hasSize(20);
        assertThat(rejected.get("errorsOmitted").asInt()).isGreaterThan(6000);
    }

    @Test
    void ingest_shouldListAHundredProblemsPerAnswer_andCountTheRest() {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            events.append(i == 0 ? "" : ",").append("{\"eventId\":\"bad ").append(i).append("\"");
            for (int f = 0; f < 30; f++) {
                events.append(",\"f").append(f).append("\":1");
            }
            events.append("}");
        }
        APIGatewayV2HTTPResponse r = stack.post("{\"writeKey\":\"demo-write-key\",\"events\":[" + events + "]}");
        assertThat(r.getStatusCode()).isEqualTo(400);
        JsonNode rejected = Json.read(r.getBody()).get("rejected");
        assertThat(rejected).hasSize(100);
        int listed = 0;
        int omitted = 0;
        for (JsonNode e : rejected) {
            listed += e.get("errors").size();
            omitted += e.path("errorsOmitted").asInt();
        }
        assertThat(listed).isEqualTo(100);
        // each event has 30 unknown fields and misses type, anonymousId and timestamp; its eventId is malformed
        assertThat(listed + omitted).isEqualTo(100 * 34);
        assertThat(rejected.get(99).get("eventId").asText()).isEqualTo("bad 99");
    }

    @Test
    void ingest_shouldAcceptTheValidEventsOfABatch_andRejectTheOneWithALoneSurrogate() {
        String body = ("{'writeKey':'demo-write-key','events':[{" + EVENT + "},{'eventId':'e2','type':'page','anonymousId':'a1',"
                + "'timestamp':'2026-11-23T09:59:00Z','properties':{'q':'\\udc00'}}]}").replace('\'', '"');
        APIGatewayV2HTTPResponse r = stack.post(body);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
        assertThat(Json.read(r.getBody()).get("accepted").asInt()).isEqualTo(1);
        assertThat(stack.eventsQueued()).isEqualTo(1);
    }
}
