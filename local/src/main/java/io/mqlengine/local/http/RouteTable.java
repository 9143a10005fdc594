package io.mqlengine.local.http;

import io.mqlengine.local.plan.HttpApiPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a request to a route as API Gateway does: the most specific path wins (literal segments
 * over {param} over {proxy+}), a route for the method over ANY, and $default last.
 */
final class RouteTable {
    /** A matched route and its path parameters. */
    record Match(HttpApiPlan.Route route, Map<String, String> pathParameters) {}

    private final List<HttpApiPlan.Route> routes;

    RouteTable(List<HttpApiPlan.Route> routes) {
        this.routes = new ArrayList<>(routes);
        this.routes.sort(Comparator.comparingInt(RouteTable::specificity).reversed());
    }

    Optional<Match> match(String method, String path) {
        Match best = null;
        int bestScore = Integer.MIN_VALUE;
        for (HttpApiPlan.Route route : routes) {
            if (!route.method().equals("ANY") && !route.method().equals(method)) {
                continue;
            }
            Map<String, String> params = route.path().equals("$default") ? Map.of() : matchPath(route.path(), path);
            if (params == null) {
                continue;
            }
            int score = specificity(route) * 2 + (route.method().equals("ANY") ? 0 : 1);
            if (score > bestScore) {
                best = new Match(route, params);
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int specificity(HttpApiPlan.Route route) {
        if (route.path().equals("$default")) {
            return -1_000_000;
        }
        int score = 0;
        for (String segment : segments(route.path())) {
            score += segment.endsWith("+}") ? 0 : segment.startsWith("{") ? 10 : 100;
        }
        return score;
    }

    private static Map<String, String> matchPath(String template, String path) {
        List<String> want = segments(template);
        List<String> have = segments(path);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.startsWith("{") && w.endsWith("+}")) {
                if (i >= have.size()) {
                    return null;
                }
                params.put(w.substring(1, w.length() - 2), String.join("/", have.subList(i, have.size())));
                return params;
            }
            if (i >= have.size()) {
                return null;
            }
            if (w.startsWith("{") && w.endsWith("}")) {
                params.put(w.substring(1, w.length() - 1), have.get(i));
            } else if (!w.equals(have.get(i))) {
                return null;
            }
        }
        return want.size() == have.size() ? params : null;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
