package io.mqlengine.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * Structured output: one JSON object per line with a stable {@code event} name, and metrics as CloudWatch
 * Embedded Metric Format lines. Callers never pass emails or IP addresses: hash them or leave them out.
 */
public final class Log {
    public static final String NAMESPACE = "MqlEngine";
    private static volatile PrintStream out = System.out;

    private Log() {
    }

    /** Redirects output (tests). */
    public static void to(PrintStream stream) {
        out = stream;
    }

    public static void event(String name, Map<String, ?> fields) {
        ObjectNode n = Json.object();
        n.put("event", name);
        fields.forEach((k, v) -> n.set(k, Json.mapper().valueToTree(v)));
        out.println(n);
    }

    /** One EMF line: the counts as metrics of {@code function}, dimension Function. */
    public static void metrics(String function, Map<String, ? extends Number> counts, Instant at) {
        ObjectNode n = Json.object();
        ObjectNode aws = n.putObject("_aws");
        aws.put("Timestamp", at.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Function");
        var metrics = directive.putArray("Metrics");
        n.put("Function", function);
        counts.forEach((k, v) -> {
            metrics.addObject().put("Name", k).put("Unit", "Count");
            n.set(k, Json.mapper().valueToTree(v));
        });
        out.println(n);
    }
}
