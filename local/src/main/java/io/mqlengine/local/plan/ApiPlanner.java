package io.mqlengine.local.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.config.AllowedOrigins;
import io.mqlengine.local.template.TemplateRefusal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads an AWS::Serverless::HttpApi's CORS, throttling and stage settings. */
final class ApiPlanner {
    private static final String CORS_EXTENSION = "x-amazon-apigateway-cors";

    private ApiPlanner() {}

    /**
     * @param p the resolved properties
     * @param raw the same properties before intrinsics are resolved: the SAM transform sees them this way
     */
    static HttpApiPlan api(String id, String apiId, Props p, JsonNode raw, List<HttpApiPlan.Route> routes) {
        String stage = p.optString("StageName").orElse("$default");
        if (!stage.equals("$default")) {
            throw new TemplateRefusal(p.path("StageName"), "only the $default stage is emulated (routes at the root)");
        }
        p.accept("Description", "FailOnWarnings", "Tags", "AccessLogSettings", "DisableExecuteApiEndpoint");
        requireIamEnabled(id, p.has("Auth") && iamEnabled(p.object("Auth")), routes);
        Optional<HttpApiPlan.Cors> cors = Optional.empty();
        if (p.has("CorsConfiguration")) {
            if (p.raw("CorsConfiguration").isBoolean()) {
                cors = p.bool("CorsConfiguration", false)
                        ? Optional.of(new HttpApiPlan.Cors(List.of("*"), List.of("*"), List.of("*"), List.of(), null, false))
                        : Optional.empty();
            } else {
                refuseIntrinsicOrigins(p.path("CorsConfiguration"), raw.path("CorsConfiguration"));
                cors = Optional.of(cors(p.object("CorsConfiguration"), false));
            }
        }
        Optional<HttpApiPlan.Cors> fromBody = p.has("DefinitionBody") ? definitionBody(p.object("DefinitionBody"))
                : Optional.empty();
        if (fromBody.isPresent() && cors.isPresent()) {
            throw new TemplateRefusal(p.path("CorsConfiguration"), "CORS is also set in DefinitionBody's " + CORS_EXTENSION
                    + "; the SAM transform merges the two, so set it in one place");
        }
        cors = cors.or(() -> fromBody);
        Optional<HttpApiPlan.Throttle> throttle = Optional.empty();
        if (p.has("DefaultRouteSettings")) {
            Props s = p.object("DefaultRouteSettings");
            s.accept("DetailedMetricsEnabled");
            if (s.has("ThrottlingRateLimit") || s.has("ThrottlingBurstLimit")) {
                double rate = s.number("ThrottlingRateLimit", 10000);
                int burst = s.integer("ThrottlingBurstLimit", 5000, 0, 5000);
                throttle = Optional.of(new HttpApiPlan.Throttle(rate, burst));
            }
            s.refuseUnread();
        }
        p.refuseUnread();
        return new HttpApiPlan(id, apiId, cors, throttle, routes);
    }

    /** The implicit API (no HttpApi resource): only Globals.HttpApi can enable the IAM authorizer. */
    static HttpApiPlan implicit(String apiId, JsonNode globals, List<HttpApiPlan.Route> routes) {
        Props auth = Props.of(globals == null ? null : globals.path("Auth"), "Globals.HttpApi.Auth");
        requireIamEnabled("ServerlessHttpApi", iamEnabled(auth), routes);
        return new HttpApiPlan("ServerlessHttpApi", apiId, Optional.empty(), Optional.empty(), routes);
    }

    /** Authorizers and DefaultAuthorizer are refused by the Catalog before planning; EnableIamAuthorizer is left. */
    private static boolean iamEnabled(Props auth) {
        boolean enabled = auth.bool("EnableIamAuthorizer", false);
        auth.refuseUnread();
        return enabled;
    }

    /** The SAM transform fails a route with Authorizer: AWS_IAM unless its API sets EnableIamAuthorizer: true. */
    private static void requireIamEnabled(String apiLogicalId, boolean enabled, List<HttpApiPlan.Route> routes) {
        for (HttpApiPlan.Route route : routes) {
            if (route.iam() && !enabled) {
                throw new TemplateRefusal(route.authorizerPath(), "route " + route.routeKey() + " uses AWS_IAM, but "
                        + apiLogicalId + " does not set Auth.EnableIamAuthorizer: true (on the HttpApi or in Globals.HttpApi); "
                        + "without it the SAM transform fails with 'Unable to set Authorizer [AWS_IAM] ... because the related "
                        + "API does not define any Authorizers'");
            }
        }
    }

    /**
     * SAM issue #1515: when AllowOrigins is an intrinsic (such as !Split over a parameter), the transform replaces
     * the whole CORS configuration with that intrinsic, and AllowMethods, AllowHeaders and MaxAge are lost. The
     * deployed API would refuse every preflight the twin answers, so the twin refuses the template instead.
     */
    private static void refuseIntrinsicOrigins(String path, JsonNode raw) {
        JsonNode origins = raw.path("AllowOrigins");
        if (origins.isObject() && origins.size() == 1) {
            String function = origins.fieldNames().next();
            if (function.equals("Ref") || function.startsWith("Fn::")) {
                throw new TemplateRefusal(path + ".AllowOrigins", function.replace("Fn::", "!") + " here makes the SAM "
                        + "transform replace the whole CORS configuration with it, dropping AllowMethods, AllowHeaders and MaxAge "
                        + "(SAM issue #1515); list the origins literally, or put the CORS in DefinitionBody's " + CORS_EXTENSION
                        + " with allowOrigins: !Split [',', !Ref Parameter] (the transform keeps it as it is)");
            }
        }
    }

    /** An inline OpenAPI body: the twin reads its CORS extension; routes come from the functions' HttpApi events. */
    private static Optional<HttpApiPlan.Cors> definitionBody(Props body) {
        body.accept("openapi", "info", "tags");
        if (body.has("paths") && body.raw("paths").size() > 0) {
            throw new TemplateRefusal(body.path("paths"), "the twin serves the routes of the functions' HttpApi events; "
                    + "declare routes there and leave paths empty");
        }
        Optional<HttpApiPlan.Cors> cors = body.has(CORS_EXTENSION)
                ? Optional.of(cors(body.object(CORS_EXTENSION), true)) : Optional.empty();
        body.refuseUnread();
        return cors;
    }

    /** CorsConfiguration's keys are AllowOrigins..., the OpenAPI extension's allowOrigins...; the meaning is one. */
    private static HttpApiPlan.Cors cors(Props c, boolean extension) {
        Integer maxAge = c.has(key("MaxAge", extension)) ? c.integer(key("MaxAge", extension), 0, -1, 86400) : null;
        boolean credentials = c.bool(key("AllowCredentials", extension), false);
        String originsKey = key("AllowOrigins", extension);
        List<String> origins = c.strings(originsKey);
        try {
            AllowedOrigins.of(origins);
        } catch (IllegalArgumentException bad) {
            throw new TemplateRefusal(c.path(originsKey), bad.getMessage());
        }
        if (credentials && origins.contains("*")) {
            throw new TemplateRefusal(c.path(key("AllowCredentials", extension)), "cannot be true when AllowOrigins contains *");
        }
        HttpApiPlan.Cors cors = new HttpApiPlan.Cors(origins, upper(c.strings(key("AllowMethods", extension))),
                lower(c.strings(key("AllowHeaders", extension))), lower(c.strings(key("ExposeHeaders", extension))), maxAge,
                credentials);
        c.refuseUnread();
        return cors;
    }

    private static String key(String name, boolean extension) {
        return extension ? Character.toLowerCase(name.charAt(0)) + name.substring(1) : name;
    }

    private static List<String> upper(List<String> values) {
        return values.stream().map(v -> v.toUpperCase(Locale.ROOT)).toList();
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }
}
