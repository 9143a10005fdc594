package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.local.RunningTwin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Handoff latency on a settled pipeline: one hand-raiser at a time (a fitting lead who asks for a demo),
 * timed from the 202 of its request to its message on the handoff queue. This is the path's own latency
 * (the hand-raiser queue, scoring, the stream, the handoff), without a backlog in front of it.
 */
final class HandoffProbe {
    private HandoffProbe() {
    }

    static long[] run(RunningTwin twin, int probes) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(twin.apiUrl() + "/v1/events");
        String queue = twin.queueUrl("HandoffQueue");
        var sqs = twin.clients().sqs();
        long[] millis = new long[probes];
        for (int i = 0; i < probes; i++) {
            String now = twin.clock().instant().toString();
            ObjectNode request = Json.object().put("writeKey", twin.writeKey()).put("sentAt", now);
            ArrayNode events = request.putArray("events");
            String anon = "probe-" + System.nanoTime();
            events.addObject().put("eventId", anon + "-1").put("type", "identify").put("anonymousId", anon).put("timestamp", now)
                    .putObject("traits").put("email", anon + "@probe-company.example").put("title", "VP Sales").put("companySize", 300);
            events.addObject().put("eventId", anon + "-2").put("type", "track").put("event", "Demo Requested")
                    .put("anonymousId", anon).put("timestamp", now);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(), HttpResponse.BodyHandlers.ofString());
            long accepted = System.nanoTime();
            if (r.statusCode() != 202) {
                throw new IllegalStateException("the probe's request was answered " + r.statusCode() + " " + r.body());
            }
            long deadline = accepted + Duration.ofSeconds(30).toNanos();
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages();
                for (Message m : batch) {
                    if (m.body().contains(anon + "@probe-company.example")) {
                        millis[i] = (System.nanoTime() - accepted) / 1_000_000;
                        seen = true;
                    }
                    sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            }
            if (!seen) {
                throw new IllegalStateException("probe " + i + " was not handed off within 30 s");
            }
        }
        Arrays.sort(millis);
        return millis;
    }
}
