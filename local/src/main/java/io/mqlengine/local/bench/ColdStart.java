package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.local.RunningTwin;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold starts: a fresh JVM per run, timed from starting the process to the probe's {@code handled} line,
 * i.e. JVM start, handler construction (clients, configuration) and one tracking request handled against
 * the twin's SQS. The median of several runs.
 */
final class ColdStart {
    private ColdStart() {
    }

    /**
     * The ingest function's cold start and the naive baseline's, medians over {@code runs} each, both sending to a
     * queue of their own on the twin's SQS; the ingest function gets the template's JAVA_TOOL_OPTIONS and model.
     */
    static long[] measure(RunningTwin twin, Path functionsJar, Path naiveJar, Path probeJar, int runs)
            throws IOException, InterruptedException {
        long[][] times = measureAll(twin, functionsJar, naiveJar, probeJar, runs, null);
        return new long[] {times[0][runs / 2], times[1][runs / 2]};
    }

    /**
     * Every run, sorted, the ingest function's first and the baseline's second; {@code javaToolOptions}, when not
     * null, replaces the template's for the ingest function.
     */
    static long[][] measureAll(RunningTwin twin, Path functionsJar, Path naiveJar, Path probeJar, int runs,
                               String javaToolOptions) throws IOException, InterruptedException {
        return allMillis(new Subject(functionsJar, INGEST, ingestEnvironment(twin, javaToolOptions)),
                new Subject(naiveJar, NAIVE, baselineEnvironment(twin)), probeJar, requestFile(twin), runs);
    }

    /**
     * The baseline's environment: a queue of its own on the twin's SQS (the baseline enqueues plain events, which
     * the twin's score function would reject), static credentials, the region.
     */
    static Map<String, String> baselineEnvironment(RunningTwin twin) {
        String coldQueue = twin.clients().sqs().createQueue(b -> b.queueName("bench-cold-start")).queueUrl();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("EVENTS_QUEUE_URL", coldQueue);
        env.put("HAND_RAISER_QUEUE_URL", coldQueue);
        env.put("WRITE_KEYS", twin.writeKey());
        env.put("ALLOWED_ORIGINS", "http://localhost:8080");
        env.put("IDENTITY_SECRET", "");
        env.put("MAX_EVENT_AGE", "P7D");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL_SQS", twin.sqsEndpoint());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        return env;
    }

    /** The ingest function's: the baseline's plus the template's model and JVM options (or {@code javaToolOptions}). */
    static Map<String, String> ingestEnvironment(RunningTwin twin, String javaToolOptions) {
        Map<String, String> ours = baselineEnvironment(twin);
        Map<String, String> planned = twin.plan().functions().get("IngestFunction").environment();
        ours.put("JAVA_TOOL_OPTIONS", javaToolOptions != null ? javaToolOptions
                : planned.getOrDefault("JAVA_TOOL_OPTIONS", ""));
        ours.put("SCORING_MODEL_FILE", planned.get("SCORING_MODEL_FILE"));
        return ours;
    }

    static final String INGEST = "io.mqlengine.ingest.IngestHandler";
    static final String NAIVE = "io.mqlengine.naive.NaiveIngestHandler";

    /** A file holding one tracking request, as the cold starts send it. */
    static Path requestFile(RunningTwin twin) throws IOException {
        Path body = Files.createTempFile("bench-request", ".json");
        body.toFile().deleteOnExit();
        Files.writeString(body, requestBody(twin.clock().instant()));
        return body;
    }

    private static String requestBody(Instant now) {
        ObjectNode r = Json.object().put("writeKey", "demo-write-key").put("sentAt", now.toString());
        r.putArray("events").addObject().put("eventId", "cold-start-" + now.toEpochMilli()).put("type", "page")
                .put("anonymousId", "anon-cold-start").put("timestamp", now.toString())
                .putObject("context").putObject("page").put("path", "/pricing");
        return r.toString();
    }

    /** A handler to start: its jar, class and environment. */
    record Subject(Path jar, String handler, Map<String, String> env) {
    }

    /**
     * Milliseconds of {@code runs} fresh JVMs for each subject, sorted, started in turns (a, b, a, b, ...) so
     * that whatever else the machine does falls on both alike.
     */
    static long[][] allMillis(Subject a, Subject b, Path probe, Path body, int runs)
            throws IOException, InterruptedException {
        long[][] times = new long[2][runs];
        for (int i = 0; i < runs; i++) {
            times[0][i] = once(a.jar(), probe, a.handler(), body, a.env());
            times[1][i] = once(b.jar(), probe, b.handler(), body, b.env());
        }
        Arrays.sort(times[0]);
        Arrays.sort(times[1]);
        return times;
    }

    static long once(Path jar, Path probe, String handler, Path body, Map<String, String> env)
            throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", jar + File.pathSeparator + probe,
                "io.mqlengine.probe.ColdStartProbe", handler, body.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process p = pb.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("handled ")) {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (!line.equals("handled 202")) {
                        throw new IllegalStateException(handler + " answered " + line + " in its cold start: " + output);
                    }
                    p.waitFor(30, TimeUnit.SECONDS);
                    return millis;
                }
                output.append(line).append('\n');
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException(handler + " exited without handling the request: " + output);
    }
}
