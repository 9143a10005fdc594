package io.mqlengine.local.bench;

import io.mqlengine.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * Counts the twin's invocations and handler milliseconds per function from its {@code invoke} log lines: a twin's
 * output consumer, read as the {@code lambda} figure that {@link Cost} prices.
 */
final class InvokeTally implements Consumer<String> {
    private final Map<String, DoubleAdder> millis = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> invocations = new ConcurrentHashMap<>();

    @Override
    public void accept(String line) {
        if (line.startsWith("{\"event\":\"invoke\"")) {
            var n = Json.read(line);
            String fn = n.path("function").asText();
            millis.computeIfAbsent(fn, k -> new DoubleAdder()).add(n.path("durationMs").asDouble());
            invocations.computeIfAbsent(fn, k -> new DoubleAdder()).add(1);
        }
    }

    /** Forgets what was counted so far (a warm-up's invocations). */
    void reset() {
        millis.clear();
        invocations.clear();
    }

    /** Per function: invocations, handler milliseconds in all and per invocation; by function name. */
    Map<String, Object> lambda() {
        Map<String, Object> lambda = new TreeMap<>();
        invocations.forEach((fn, n) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            long count = Math.round(n.sum());
            double ms = millis.get(fn).sum();
            one.put("invocations", count);
            one.put("ms_total", Math.round(ms));
            one.put("ms_per_invocation", Figures.round(ms / Math.max(1, count)));
            lambda.put(fn, one);
        });
        return lambda;
    }

    /** Invocations of every function so far. */
    double invocations() {
        return invocations.values().stream().mapToDouble(DoubleAdder::sum).sum();
    }
}
