package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.validation.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The funnel past MQL on the twin, from outside: the project's template (plus one rule that subscribes a queue to
 * every lifecycle event, as a CRM would) with the real functions jar. A hand-raiser qualifies; the AWS CLI sends
 * {@code accepted} on the outcomes queue; signed webhook calls send {@code sql} and {@code won}; the lifecycle events
 * of each change arrive on the subscribed queue, and the template's example rule puts a rejected lead's recycling on
 * the nurture queue. The lead API, SigV4-signed, shows the customer and erases the other person.
 */
class FunnelEndToEndTest {
    private static final String AUDIT_RULE = """
              LifecycleToAudit:
                Type: AWS::Events::Rule
                Properties:
                  EventBusName: !Ref LifecycleBus
                  EventPattern:
                    source: [mql-engine]
                  Targets:
                    - Id: audit
                      Arn: !GetAtt AuditQueue.Arn

              AuditQueue:
                Type: AWS::SQS::Queue

            Outputs:
            """;

    private RunningTwin twin;
    private HttpTwin http;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    private void start(Path dir) throws Exception {
        String template = Files.readString(EndToEndTest.TEMPLATE)
                .replace("CodeUri: functions/target/mql-functions.jar",
                        "CodeUri: " + EndToEndTest.ROOT.resolve("functions/target/mql-functions.jar"))
                .replace("ContentUri: model/", "ContentUri: " + EndToEndTest.ROOT.resolve("model") + "/")
                .replace("\nOutputs:\n", "\n" + AUDIT_RULE);
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, template);
        TwinLines lines = new TwinLines();
        twin = LocalTwin.start(TwinOptions.of(copy).withPort(0).withTestHooks(true).withFastRetries(true).withOutput(lines));
        JsonNode line = lines.awaitLine(l -> l.path("ready").asBoolean(), Duration.ofSeconds(5));
        http = new HttpTwin(Json.mapper().convertValue(line, Map.class));
    }

    private void handRaise(String name) {
        String at = http.now().minusSeconds(5).toString();
        String body = "{\"writeKey\":\"" + twin.writeKey() + "\",\"events\":[{\"eventId\":\"" + name + "-id\",\"type\":\"identify\","
                + "\"anonymousId\":\"anon-" + name + "\",\"timestamp\":\"" + at + "\",\"traits\":{\"email\":\"" + name
                + "@analytical-engines.example\",\"title\":\"VP Engineering\",\"company\":\"Analytical Engines\","
                + "\"companySize\":250,\"industry\":\"software\",\"country\":\"GB\"}},{\"eventId\":\"" + name + "-demo\","
                + "\"type\":\"track\",\"event\":\"Demo Requested\",\"anonymousId\":\"anon-" + name + "\",\"timestamp\":\"" + at
                + "\"}]}";
        assertThat(http.send("POST", "/v1/events", body).statusCode()).isEqualTo(202);
    }

    private String outcome(String id, String handoffId, String outcome, String reason) {
        ObjectNode n = Json.object().put("outcomeId", id).put("handoffId", handoffId).put("outcome", outcome)
                .put("at", http.now().toString()).put("by", "sdr-7");
        if (reason != null) {
            n.put("reason", reason);
        }
        return Json.write(n);
    }

    private int webhook(String body, String secret) throws Exception {
        long ts = http.now().getEpochSecond();
        HttpRequest r = HttpRequest.newBuilder(URI.create(http.api + "/v1/outcomes")).header("content-type", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, String.valueOf(ts))
                .header(WebhookSignature.SIGNATURE_HEADER, new WebhookSignature(secret).sign(ts,
                        body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Sends an outcome as a sales tool's script would: with the AWS CLI when it is installed, else with the SDK. */
    private void sendWithCli(String queueUrl, String body) throws Exception {
        if (!cliInstalled()) {
            System.out.println("FunnelEndToEndTest: the aws CLI is not installed; the outcome goes through the SDK instead");
            http.sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("aws", "sqs", "send-message", "--endpoint-url", twin.sqsEndpoint(),
                "--region", "us-east-1", "--queue-url", queueUrl, "--message-body", body).redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", "local");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("MessageId");
    }

    private static boolean cliInstalled() {
        try {
            Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<JsonNode> drain(String logicalId) {
        List<JsonNode> out = new ArrayList<>();
        http.drain(twin.queueUrl(logicalId)).forEach(b -> out.add(Json.read(b)));
        return out;
    }

    private static List<String> changes(List<JsonNode> events) {
        return events.stream().map(e -> e.path("detail-type").asText().equals("Lead Stage Changed")
                ? e.path("detail").path("from").asText() + ">" + e.path("detail").path("to").asText()
                : e.path("detail-type").asText()).toList();
    }

    @Test
    void funnel_shouldTakeALeadToCustomer_andAnnounceEveryChange_andErasureShouldLeaveNoLead(@TempDir Path dir)
            throws Exception {
        start(dir);
        handRaise("ada");
        handRaise("bob");
        assertThat(http.awaitIdle(Duration.ofSeconds(30))).as("idle; waiting on %s", http.lastWaitingOn).isTrue();
        List<JsonNode> handoffs = drain("HandoffQueue");
        assertThat(handoffs).hasSize(2);
        String ada = handoffs.stream().filter(h -> h.path("email").asText().startsWith("ada")).findFirst().orElseThrow()
                .path("handoffId").asText();
        String bob = handoffs.stream().filter(h -> h.path("email").asText().startsWith("bob")).findFirst().orElseThrow()
                .path("handoffId").asText();
        String secret = twin.plan().functions().get("WebhookFunction").environment().get("OUTCOMES_SECRET");

        sendWithCli(twin.queueUrl("OutcomesQueue"), outcome("crm-1", ada, "accepted", null));
        assertThat(http.awaitIdle(Duration.ofSeconds(30))).isTrue();
        http.advance(Duration.ofMinutes(1));
        assertThat(webhook(outcome("crm-2", ada, "sql", null), secret)).isEqualTo(202);
        http.advance(Duration.ofMinutes(1));
        assertThat(webhook(outcome("crm-3", ada, "won", "annual plan"), secret)).isEqualTo(202);
        assertThat(webhook(outcome("crm-4", bob, "rejected", "not the buyer"), secret)).isEqualTo(202);
        assertThat(webhook(outcome("crm-5", bob, "lost", null), "a-secret-that-is-wrong")).isEqualTo(401);
        assertThat(http.awaitIdle(Duration.ofSeconds(30))).as("idle; waiting on %s", http.lastWaitingOn).isTrue();

        List<String> audit = changes(drain("AuditQueue"));
        assertThat(audit.stream().filter(c -> !c.equals("MQL>RECYCLED") && !c.equals("LEAD>MQL")).toList())
                .containsExactly("MQL>SAL", "SAL>SQL", "SQL>CUSTOMER");
        assertThat(audit).contains("MQL>RECYCLED").filteredOn("LEAD>MQL"::equals).hasSize(2);
        List<JsonNode> nurture = drain("NurtureQueue");
        assertThat(nurture).singleElement().satisfies(e -> {
            assertThat(e.path("detail").path("handoffId").asText()).isEqualTo(bob);
            assertThat(e.path("detail").path("reason").asText()).isEqualTo("not the buyer");
        });

        SigV4Requests signed = new SigV4Requests(http.api);
        HttpResponse<String> lookup = signed.send("GET", "/v1/leads?email=ada%40analytical-engines.example", null,
                SigV4Requests.Signing.twin());
        assertThat(lookup.statusCode()).as(lookup.body()).isEqualTo(200);
        JsonNode view = Json.read(lookup.body());
        assertThat(view.path("stage").asText()).isEqualTo("CUSTOMER");
        double sum = 0;
        for (JsonNode line : view.path("breakdown")) {
            sum += line.path("points").asDouble();
        }
        assertThat(sum).isCloseTo(view.path("score").asDouble(), org.assertj.core.api.Assertions.within(0.01));
        assertThat(http.send("GET", "/v1/leads?email=ada%40analytical-engines.example", null).statusCode())
                .as("unsigned").isEqualTo(403);

        String bobId = bob.substring(0, bob.indexOf('#'));
        assertThat(signed.send("DELETE", "/v1/leads/" + bobId, null, SigV4Requests.Signing.twin()).statusCode())
                .isEqualTo(200);
        assertThat(http.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(changes(drain("AuditQueue"))).containsExactly("Lead Erased");
        assertThat(signed.send("GET", "/v1/leads/" + bobId, null, SigV4Requests.Signing.twin()).statusCode())
                .isEqualTo(404);
        assertThat(http.items(twin.tableName("LeadsTable")).toString()).doesNotContain("bob@analytical-engines.example");
    }
}
