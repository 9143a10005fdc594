package io.mqlengine.local.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a million events cost on AWS, from the measured counts and public on-demand prices (us-east-1,
 * arm64, as listed on the AWS pricing pages in 2026; free tiers ignored). Lambda duration is estimated from
 * the twin's handler durations on this machine at the template's 1024 MB, so read it as an order of magnitude.
 * The only place the benchmark's prices live.
 */
final class Cost {
    static final double DYNAMODB_PER_MILLION_WRITE_UNITS = 0.625;
    static final double DYNAMODB_PER_MILLION_READ_UNITS = 0.125;
    static final double SQS_PER_MILLION_REQUESTS = 0.40;
    static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
    static final double LAMBDA_PER_GB_SECOND_ARM64 = 0.0000133334;
    static final double LAMBDA_MEMORY_GB = 1.0;
    static final double HTTP_API_PER_MILLION_REQUESTS = 1.00;
    /** S3 Standard PUT, COPY, POST, LIST: $0.005 per 1,000 requests. */
    static final double S3_PER_MILLION_PUTS = 5.00;

    /**
     * The naive design's SQS requests per event: SendMessage at ingest, then with an event source mapping of batch
     * size 1, one ReceiveMessage and one DeleteMessage per message.
     */
    static final int NAIVE_SQS_REQUESTS_PER_DELIVERY = 3;
    /** The naive design's Lambda invocations per event: the ingest function's, then the scorer's (batch size 1). */
    static final int NAIVE_INVOCATIONS_PER_DELIVERY = 2;

    /** The line items, in the order of the flat keys and the old map. */
    private static final String[] ITEMS = {"dynamodb_writes", "dynamodb_reads", "sqs", "api_gateway", "lambda_requests",
            "lambda_duration", "s3_archive"};

    private Cost() {
    }

    /** The engine's line items per million events (flat keys {@code cost_<item>_usd}) and their sum. */
    static Map<String, Object> perMillion(Map<String, Object> f) {
        double events = num(f, "events");
        Lambda lambda = Lambda.of(f);
        double[] items = {
                num(f, "dynamodb_wcu_per_event") * DYNAMODB_PER_MILLION_WRITE_UNITS,
                num(f, "dynamodb_rcu_per_event") * DYNAMODB_PER_MILLION_READ_UNITS,
                num(f, "sqs_requests_per_event") * SQS_PER_MILLION_REQUESTS,
                num(f, "http_requests") / events * HTTP_API_PER_MILLION_REQUESTS,
                lambda.invocations / events * LAMBDA_PER_MILLION_REQUESTS,
                lambdaDuration(lambda.millis / events),
                num(f, "s3_put_requests_per_event") * S3_PER_MILLION_PUTS};
        return flat("", items);
    }

    /**
     * The same mix through the naive design, per million unique events: each delivered event one API request, one
     * ingest invocation, one SQS message (sent, received, deleted) and one scorer invocation running the naive store;
     * the store's write and read units as measured. The scorer's duration is the naive store's measured time per
     * delivery, the ingest's the engine's measured mean per ingest invocation. No handoff, funnel, sweep or archive:
     * a lower bound of the naive design's cost.
     */
    static Map<String, Object> naivePerMillion(Map<String, Object> f) {
        double deliveries = num(f, "naive_deliveries") / num(f, "naive_events");
        Lambda lambda = Lambda.of(f);
        double ingestMs = lambda.ingestInvocations == 0 ? 0 : lambda.ingestMillis / lambda.ingestInvocations;
        double[] items = {
                num(f, "naive_dynamodb_wcu_per_event") * DYNAMODB_PER_MILLION_WRITE_UNITS,
                num(f, "naive_dynamodb_rcu_per_event") * DYNAMODB_PER_MILLION_READ_UNITS,
                deliveries * NAIVE_SQS_REQUESTS_PER_DELIVERY * SQS_PER_MILLION_REQUESTS,
                deliveries * HTTP_API_PER_MILLION_REQUESTS,
                deliveries * NAIVE_INVOCATIONS_PER_DELIVERY * LAMBDA_PER_MILLION_REQUESTS,
                lambdaDuration(deliveries * (ingestMs + num(f, "naive_store_ms_per_delivery"))),
                0};
        return flat("naive_", items);
    }

    /** The former shape of the figures: line items and total in one map (kept for readers of older runs). */
    static Map<String, Object> perMillionEvents(Map<String, Object> f) {
        Map<String, Object> flat = perMillion(f);
        Map<String, Object> c = new LinkedHashMap<>();
        for (String item : ITEMS) {
            c.put(item.equals("lambda_duration") ? "lambda_duration_estimate"
                    : item.equals("api_gateway") ? "api_gateway_http_api" : item, r3(num(flat, "cost_" + item + "_usd")));
        }
        c.put("total", r3(num(flat, "cost_per_million_usd")));
        c.put("naive_dynamodb_writes", r3(num(f, "naive_dynamodb_wcu_per_event") * DYNAMODB_PER_MILLION_WRITE_UNITS));
        c.put("naive_dynamodb_reads", r3(num(f, "naive_dynamodb_rcu_per_event") * DYNAMODB_PER_MILLION_READ_UNITS));
        return c;
    }

    /** USD of Lambda duration per million events, for {@code msPerEvent} of handler time per event. */
    private static double lambdaDuration(double msPerEvent) {
        return msPerEvent / 1000.0 * LAMBDA_MEMORY_GB * 1e6 * LAMBDA_PER_GB_SECOND_ARM64;
    }

    private static Map<String, Object> flat(String prefix, double[] items) {
        Map<String, Object> c = new LinkedHashMap<>();
        double total = 0;
        for (int i = 0; i < ITEMS.length; i++) {
            c.put(prefix + "cost_" + ITEMS[i] + "_usd", r4(items[i]));
            total += items[i];
        }
        c.put(prefix + "cost_per_million_usd", r4(total));
        return c;
    }

    /** Invocations and handler milliseconds of all functions, and of the ingest function, from the invoke lines. */
    private record Lambda(double invocations, double millis, double ingestInvocations, double ingestMillis) {
        @SuppressWarnings("unchecked")
        static Lambda of(Map<String, Object> f) {
            double invocations = 0;
            double millis = 0;
            double ingestInvocations = 0;
            double ingestMillis = 0;
            Object lambda = f.get("lambda");
            if (lambda instanceof Map<?, ?> functions) {
                for (Map.Entry<?, ?> e : functions.entrySet()) {
                    Map<String, Object> fn = (Map<String, Object>) e.getValue();
                    double n = ((Number) fn.get("invocations")).doubleValue();
                    double ms = ((Number) fn.get("ms_total")).doubleValue();
                    invocations += n;
                    millis += ms;
                    if (e.getKey().equals("IngestFunction")) {
                        ingestInvocations += n;
                        ingestMillis += ms;
                    }
                }
            }
            return new Lambda(invocations, millis, ingestInvocations, ingestMillis);
        }
    }

    private static double num(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    private static double r3(double d) {
        return Math.round(d * 1000) / 1000.0;
    }

    private static double r4(double d) {
        return Math.round(d * 10_000) / 10_000.0;
    }
}
