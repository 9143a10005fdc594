package io.mqlengine.local.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a million events cost on AWS, from the measured counts and public on-demand prices (us-east-1,
 * arm64, as listed on the AWS pricing pages in 2026; free tiers ignored). Lambda duration is estimated from
 * the twin's handler durations on this machine at the template's 1024 MB, so read it as an order of magnitude.
 */
final class Cost {
    static final double DYNAMODB_PER_MILLION_WRITE_UNITS = 0.625;
    static final double DYNAMODB_PER_MILLION_READ_UNITS = 0.125;
    static final double SQS_PER_MILLION_REQUESTS = 0.40;
    static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
    static final double LAMBDA_PER_GB_SECOND_ARM64 = 0.0000133334;
    static final double LAMBDA_MEMORY_GB = 1.0;
    static final double HTTP_API_PER_MILLION_REQUESTS = 1.00;

    private Cost() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> perMillionEvents(Map<String, Object> f) {
        double events = ((Number) f.get("events")).doubleValue();
        Map<String, Object> c = new LinkedHashMap<>();
        double writes = num(f, "dynamodb_wcu_per_event") * DYNAMODB_PER_MILLION_WRITE_UNITS;
        double reads = num(f, "dynamodb_rcu_per_event") * DYNAMODB_PER_MILLION_READ_UNITS;
        double sqs = num(f, "sqs_requests_per_event") * SQS_PER_MILLION_REQUESTS;
        double invocations = 0;
        double millis = 0;
        for (Object v : ((Map<String, Object>) f.get("lambda")).values()) {
            Map<String, Object> fn = (Map<String, Object>) v;
            invocations += ((Number) fn.get("invocations")).doubleValue();
            millis += ((Number) fn.get("ms_total")).doubleValue();
        }
        double lambdaRequests = invocations / events * LAMBDA_PER_MILLION_REQUESTS;
        double lambdaDuration = millis / 1000.0 * LAMBDA_MEMORY_GB / events * 1e6 * LAMBDA_PER_GB_SECOND_ARM64;
        double api = num(f, "http_requests") / events * HTTP_API_PER_MILLION_REQUESTS;
        c.put("dynamodb_writes", r(writes));
        c.put("dynamodb_reads", r(reads));
        c.put("sqs", r(sqs));
        c.put("lambda_requests", r(lambdaRequests));
        c.put("lambda_duration_estimate", r(lambdaDuration));
        c.put("api_gateway_http_api", r(api));
        c.put("total", r(writes + reads + sqs + lambdaRequests + lambdaDuration + api));
        c.put("naive_dynamodb_writes", r(num(f, "naive_dynamodb_wcu_per_event") * DYNAMODB_PER_MILLION_WRITE_UNITS));
        c.put("naive_dynamodb_reads", r(num(f, "naive_dynamodb_rcu_per_event") * DYNAMODB_PER_MILLION_READ_UNITS));
        return c;
    }

    private static double num(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    private static double r(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
