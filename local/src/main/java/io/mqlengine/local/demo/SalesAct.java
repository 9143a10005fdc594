package io.mqlengine.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Transition;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import io.mqlengine.validation.WebhookSignature;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The demo's sales side: for the first two MQLs by email, sales report back. One is accepted on the outcomes queue
 * (as a sales tool sends it with the AWS CLI), then made SQL and won through the signed webhook (as a CRM workflow
 * calls it); the other is rejected and recycled, and the lifecycle event of its recycling reaches the nurture queue
 * the template subscribes as its example.
 */
final class SalesAct {
    private final RunningTwin twin;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    SalesAct(RunningTwin twin, PrintStream out) {
        this.twin = twin;
        this.out = out;
    }

    void play(List<JsonNode> handoffs) {
        // by email, not by arrival: the handoffs arrive in an order the pollers decide, and the demo tells one story
        List<JsonNode> mqls = handoffs.stream().filter(h -> stage(h) == Stage.MQL)
                .sorted(java.util.Comparator.comparing(h -> h.path("email").asText())).limit(2).toList();
        if (mqls.size() < 2) {
            out.println("Sales have fewer than two MQLs to answer; the outcomes part of the demo is skipped.");
            return;
        }
        JsonNode won = mqls.get(0);
        JsonNode rejected = mqls.get(1);
        out.println("Sales report back (outcomes):");
        Instant now = twin.clock().instant();
        String accepted = message("demo-accept-1", won, "accepted", null, now);
        twin.clients().sqs().sendMessage(b -> b.queueUrl(twin.queueUrl("OutcomesQueue")).messageBody(accepted));
        out.println("  outcomes queue   accepted  " + won.path("email").asText());
        twin.awaitIdle(Duration.ofSeconds(30));
        post(message("demo-sql-1", won, "sql", null, now.plusSeconds(60)));
        post(message("demo-won-1", won, "won", "signed the annual plan", now.plusSeconds(120)));
        post(message("demo-reject-2", rejected, "rejected", "not the buyer", now.plusSeconds(60)));
        twin.awaitIdle(Duration.ofSeconds(30));
        out.println();
        for (JsonNode h : mqls) {
            LeadState s = lead(h);
            out.printf("  %-34s %s%n", h.path("email").asText(), s == null ? "-" : s.history().stream()
                    .map(t -> t.to().name()).collect(Collectors.joining(" -> ", s.history().get(0).from() + " -> ", "")));
            if (s != null) {
                Transition last = s.history().get(s.history().size() - 1);
                out.printf("  %-34s last change: %s%s%n", "", last.reason(), last.note() == null ? "" : " (" + last.note() + ")");
            }
        }
        out.println();
        out.println("  On the nurture queue (the template's example rule: leads recycled):");
        for (Message m : twin.clients().sqs().receiveMessage(b -> b.queueUrl(twin.queueUrl("NurtureQueue"))
                .maxNumberOfMessages(10).waitTimeSeconds(2)).messages()) {
            JsonNode e = Json.read(m.body());
            out.printf("    %s: %s %s -> %s (%s)%n", e.path("detail-type").asText(), e.path("detail").path("leadId").asText(),
                    e.path("detail").path("from").asText(), e.path("detail").path("to").asText(),
                    e.path("detail").path("cause").asText());
        }
    }

    private void post(String body) {
        long ts = twin.clock().instant().getEpochSecond();
        String secret = twin.plan().functions().get("WebhookFunction").environment().get("OUTCOMES_SECRET");
        HttpRequest request = HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/v1/outcomes"))
                .header("content-type", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, String.valueOf(ts))
                .header(WebhookSignature.SIGNATURE_HEADER,
                        new WebhookSignature(secret).sign(ts, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode m = Json.read(body);
            out.printf("  POST /v1/outcomes %-9s %s -> %d%n", m.path("outcome").asText(), m.path("handoffId").asText(),
                    r.statusCode());
        } catch (IOException e) {
            throw new IllegalStateException("POST /v1/outcomes failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String message(String id, JsonNode handoff, String outcome, String reason, Instant at) {
        ObjectNode n = Json.object();
        n.put("outcomeId", id);
        n.put("handoffId", handoff.path("handoffId").asText());
        n.put("outcome", outcome);
        if (reason != null) {
            n.put("reason", reason);
        }
        n.put("at", at.toString());
        n.put("by", "demo-sales-rep");
        return Json.write(n);
    }

    private Stage stage(JsonNode handoff) {
        LeadState s = lead(handoff);
        return s == null ? null : s.stage();
    }

    private LeadState lead(JsonNode handoff) {
        var item = twin.clients().dynamo().getItem(b -> b.tableName(twin.tableName("LeadsTable")).consistentRead(true)
                .key(LeadItems.key(LeadKey.lead(handoff.path("leadId").asText())))).item();
        return item == null || item.isEmpty() || !(LeadItems.read(item) instanceof Stored.Lead p) ? null : p.state();
    }
}
