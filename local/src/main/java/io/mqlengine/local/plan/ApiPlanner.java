package io.mqlengine.local.plan;

import io.mqlengine.local.template.TemplateRefusal;
import java.util.List;
import java.util.Optional;

/** Reads an AWS::Serverless::HttpApi's CORS, throttling and stage settings. */
final class ApiPlanner {
  private ApiPlanner() {}

  static HttpApiPlan api(String id, String apiId, Props p, List<HttpApiPlan.Route> routes) {
    String stage = p.optString("StageName").orElse("$default");
    if (!stage.equals("$default")) {
      throw new TemplateRefusal(p.path("StageName"), "only the $default stage is emulated (routes at the root)");
    }
    p.accept("Description", "FailOnWarnings", "Tags", "AccessLogSettings", "DisableExecuteApiEndpoint");
    Optional<HttpApiPlan.Cors> cors = Optional.empty();
    if (p.has("CorsConfiguration")) {
      if (p.raw("CorsConfiguration").isBoolean()) {
        cors = p.bool("CorsConfiguration", false)
            ? Optional.of(new HttpApiPlan.Cors(List.of("*"), List.of("*"), List.of("*"), List.of(), null, false))
            : Optional.empty();
      } else {
        Props c = p.object("CorsConfiguration");
        Integer maxAge = c.has("MaxAge") ? c.integer("MaxAge", 0, -1, 86400) : null;
        boolean credentials = c.bool("AllowCredentials", false);
        List<String> origins = c.strings("AllowOrigins");
        if (credentials && origins.contains("*")) {
          throw new TemplateRefusal(c.path("AllowCredentials"), "cannot be true when AllowOrigins contains *");
        }
        cors = Optional.of(new HttpApiPlan.Cors(origins, upper(c.strings("AllowMethods")),
            lower(c.strings("AllowHeaders")), lower(c.strings("ExposeHeaders")), maxAge, credentials));
        c.refuseUnread();
      }
    }
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

  private static List<String> upper(List<String> values) {
    return values.stream().map(String::toUpperCase).toList();
  }

  private static List<String> lower(List<String> values) {
    return values.stream().map(String::toLowerCase).toList();
  }
}
