package io.mqlengine.local.plan;

import java.util.List;
import java.util.Optional;

/** The HTTP API served on --port: its routes, CORS configuration and default throttling. */
public record HttpApiPlan(String logicalId, String apiId, Optional<Cors> cors, Optional<Throttle> throttle,
        List<Route> routes) {

    /** API Gateway's CorsConfiguration. */
    public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
            List<String> exposeHeaders, Integer maxAge, boolean allowCredentials) {}

    /** DefaultRouteSettings throttling: a token bucket per route. */
    public record Throttle(double ratePerSecond, int burst) {}

    /**
     * One route: {@code METHOD /path} (method ANY matches all) to a function; {@code iam} when its event sets
     * {@code Auth: {Authorizer: AWS_IAM}}, so a request needs a valid SigV4 signature.
     */
    public record Route(String method, String path, String functionId, String eventName, boolean iam) {
        /** A public route. */
        public Route(String method, String path, String functionId, String eventName) {
            this(method, path, functionId, eventName, false);
        }

        /** Where the route's authorizer is set in the template, for refusals. */
        public String authorizerPath() {
            return "Resources." + functionId + ".Properties.Events." + eventName + ".Properties.Auth.Authorizer";
        }

        public String routeKey() {
            return path.equals("$default") ? "$default" : method + " " + path;
        }
    }
}
