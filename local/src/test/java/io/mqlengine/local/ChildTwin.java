package io.mqlengine.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.local.main.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The twin's command line in a JVM of its own, on the test's class path, so a test can kill it as an
 * operating system would (SIGKILL: no shutdown hook, nothing flushed) and start it again on the same data.
 */
final class ChildTwin {
    private final Process process;
    private final JsonNode ready;

    private ChildTwin(Process process, JsonNode ready) {
        this.process = process;
        this.ready = ready;
    }

    /** Starts {@code Main} with the given arguments and waits for its ready line; stderr goes to {@code log}. */
    static ChildTwin start(List<String> args, Path log, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx768m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        CompletableFuture<JsonNode> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStdout(process, ready), "child-twin-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildTwin(process, ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the twin did not get ready within " + timeout + "; its stderr ends with:\n"
                    + tail(log), e);
        }
    }

    /** The twin's stdout must be read to the end, or it blocks once the pipe is full. */
    private static void readStdout(Process process, CompletableFuture<JsonNode> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("{\"ready\":true")) {
                    ready.complete(Json.read(line));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the twin closed its stdout before its ready line"));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    String api() {
        return ready.get("api").asText();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> readyLine() {
        return Json.mapper().convertValue(ready, Map.class);
    }

    String queueUrl(String logicalId) {
        return ready.get("queues").get(logicalId).asText();
    }

    String tableName(String logicalId) {
        return ready.get("tables").get(logicalId).asText();
    }

    /** SIGKILL: the JVM ends at once, without shutdown hooks. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: the twin's shutdown hook stops it in order. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
