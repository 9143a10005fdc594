package io.mqlengine.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Collects the twin's JSON lines in a test, and polls for conditions with a deadline (no sleeps). */
final class TwinLines implements Consumer<String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JsonNode> lines = new CopyOnWriteArrayList<>();

    @Override
    public void accept(String line) {
        try {
            lines.add(JSON.readTree(line));
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    List<JsonNode> all() {
        return List.copyOf(lines);
    }

    int size() {
        return lines.size();
    }

    /** Lines from index {@code from} on with the given event (and function, if not null). */
    List<JsonNode> events(int from, String event, String function) {
        List<JsonNode> copy = all();
        return copy.subList(Math.min(from, copy.size()), copy.size()).stream()
                .filter(l -> l.path("event").asText().equals(event))
                .filter(l -> function == null || l.path("function").asText().equals(function)).toList();
    }

    JsonNode awaitLine(Predicate<JsonNode> condition, Duration timeout) {
        JsonNode[] found = new JsonNode[1];
        await(() -> {
            for (JsonNode l : all()) {
                if (condition.test(l)) {
                    found[0] = l;
                    return true;
                }
            }
            return false;
        }, timeout, "a line matching the condition in " + all());
        return found[0];
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }

    static Path template(String name) {
        try {
            return Path.of(TwinLines.class.getResource("/templates/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }
}
