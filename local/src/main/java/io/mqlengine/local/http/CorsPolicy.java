package io.mqlengine.local.http;

import io.mqlengine.config.AllowedOrigins;
import io.mqlengine.local.plan.HttpApiPlan;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway's CORS for HTTP APIs: the gateway answers preflights itself (204), adds
 * Access-Control-Allow-Origin to actual responses for allowed origins, and ignores the CORS headers
 * a function returns. Origins match by {@link AllowedOrigins}, the rules the ingest function uses too.
 */
final class CorsPolicy {
    private final HttpApiPlan.Cors cors;
    private final AllowedOrigins origins;

    CorsPolicy(HttpApiPlan.Cors cors) {
        this.cors = cors;
        this.origins = AllowedOrigins.of(cors.allowOrigins());
    }

    static boolean isPreflight(String method, String origin, String requestMethod) {
        return method.equals("OPTIONS") && origin != null && requestMethod != null;
    }

    /** Headers of the preflight answer; empty when the origin, method or a header is not allowed. */
    Map<String, String> preflight(String origin, String requestMethod, String requestHeaders) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!originAllowed(origin) || !(cors.allowMethods().contains("*") || cors.allowMethods().contains(requestMethod.toUpperCase()))) {
            return out;
        }
        if (requestHeaders != null && !cors.allowHeaders().contains("*")) {
            for (String header : requestHeaders.split(",")) {
                String h = header.trim().toLowerCase(Locale.ROOT);
                if (!h.isEmpty() && !cors.allowHeaders().contains(h)) {
                    return out;
                }
            }
        }
        out.put("access-control-allow-origin", allowOriginValue(origin));
        out.put("access-control-allow-methods", String.join(",", cors.allowMethods()));
        if (!cors.allowHeaders().isEmpty()) {
            out.put("access-control-allow-headers", String.join(",", cors.allowHeaders()));
        }
        if (cors.maxAge() != null) {
            out.put("access-control-max-age", String.valueOf(cors.maxAge()));
        }
        if (cors.allowCredentials()) {
            out.put("access-control-allow-credentials", "true");
        }
        return out;
    }

    /** Headers to add to an actual response (after the function's Access-Control-* headers are dropped). */
    Map<String, String> actual(String origin) {
        Map<String, String> out = new LinkedHashMap<>();
        if (origin == null || !originAllowed(origin)) {
            return out;
        }
        out.put("access-control-allow-origin", allowOriginValue(origin));
        if (!cors.exposeHeaders().isEmpty()) {
            out.put("access-control-expose-headers", String.join(",", cors.exposeHeaders()));
        }
        if (cors.allowCredentials()) {
            out.put("access-control-allow-credentials", "true");
        }
        return out;
    }

    private String allowOriginValue(String origin) {
        return cors.allowOrigins().contains("*") && !cors.allowCredentials() ? "*" : origin;
    }

    private boolean originAllowed(String origin) {
        return origins.allows(origin);
    }
}
