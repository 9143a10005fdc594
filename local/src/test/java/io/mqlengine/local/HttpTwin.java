package io.mqlengine.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.local.demo.JourneyReplay;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A running twin seen only over HTTP, as a user or a sales tool sees it: the tracking API, the test hooks
 * (clock, schedules, idle), and the SQS and DynamoDB endpoints through the AWS SDK.
 */
final class HttpTwin implements JourneyReplay.Control {
    final String api;
    final SqsClient sqs;
    final DynamoDbClient dynamo;
    private final HttpClient http = HttpClient.newHttpClient();

    HttpTwin(Map<String, Object> ready) {
        this.api = (String) ready.get("api");
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        this.sqs = SqsClient.builder().endpointOverride(URI.create((String) ready.get("sqs"))).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
        this.dynamo = DynamoDbClient.builder().endpointOverride(URI.create((String) ready.get("dynamodb")))
                .region(Region.US_EAST_1).credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
    }

    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(String method, String path, String body) {
        HttpResponse<String> r = send(method, path, body);
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + " " + r.body());
        }
        return Json.read(r.body());
    }

    Instant now() {
        return Instant.parse(json("GET", "/_twin/clock", null).get("now").asText());
    }

    /** Sets the clock, before anything ran anywhere; after that only forward. */
    void set(Instant t) {
        json("POST", "/_twin/clock", "{\"set\":\"" + t + "\"}");
    }

    @Override
    public void forwardTo(Instant t) {
        json("POST", "/_twin/clock", "{\"forwardTo\":\"" + t + "\"}");
    }

    void advance(Duration d) {
        json("POST", "/_twin/clock", "{\"advance\":\"" + d + "\"}");
    }

    void fire(String schedule) {
        JsonNode r = json("POST", "/_twin/schedules/" + schedule, "");
        if (!r.path("outcome").asText().equals("ok")) {
            throw new AssertionError("the schedule " + schedule + " ended " + r);
        }
    }

    /** What the twin said it waited on at the last idle check of {@link #awaitIdle} (null: it was idle). */
    String lastWaitingOn;

    /** Idle three times in a row, 200 ms apart: no invocation, no queued message, streams caught up. */
    @Override
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int streak = 0;
        while (System.nanoTime() < deadline) {
            JsonNode idle = json("GET", "/_twin/idle", null);
            lastWaitingOn = idle.path("waitingOn").asText(null);
            streak = idle.path("idle").asBoolean() ? streak + 1 : 0;
            if (streak == 3) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000);
        }
        return false;
    }

    /** Every message on a queue, read and deleted as a consumer would. */
    List<String> drain(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        for (List<Message> batch = receive(queueUrl); !batch.isEmpty(); batch = receive(queueUrl)) {
            for (Message m : batch) {
                bodies.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return bodies;
    }

    private List<Message> receive(String queueUrl) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
    }

    /** The leads table's items. */
    List<Map<String, AttributeValue>> items(String table) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table)).items().forEach(out::add);
        return out;
    }
}
