package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.Cap;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.validation.Limits;
import io.mqlengine.validation.TrackingRequest;
import io.mqlengine.validation.TrackingRequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The shapes of tracking event the soak sends: each scoring shape matches exactly one behaviour rule of the model,
 * each filler matches none, and none is a hand-raise or a disqualifier. A lead may be sent a scoring shape at most
 * {@link #budget} times, one less than its rule's cap, so that whatever order the events arrive in, every one of
 * them scores (a cap window never fills) and one event counted twice still scores again and shows.
 */
final class SoakEvents {
    static final String BROWSER = TrafficMix.BROWSER;

    /** One shape: the rule it scores under (null for a filler), its type and name, and a field with its values. */
    record Kind(String rule, String type, String event, String field, List<Object> values) {
    }

    private static final List<Kind> SCORING = List.of(
            new Kind("page-view", "page", null, "context.page.path",
                    List.of("/", "/blog/lead-scoring", "/blog/forward-decay", "/about", "/customers", "/docs/start")),
            new Kind("email-open", "track", "Email Opened", null, List.of()),
            new Kind("email-click", "track", "Email Link Clicked", null, List.of()),
            new Kind("gated-content", "track", "Content Downloaded", "properties.assetType",
                    List.of("ebook", "whitepaper", "guide")),
            new Kind("case-study", "track", "Content Downloaded", "properties.assetType", List.of("case_study")),
            new Kind("engaged-session", "track", "Session Engaged", "properties.seconds", List.of(120, 300, 600)),
            new Kind("webinar-registered", "track", "Webinar Registered", null, List.of()),
            new Kind("webinar-attended", "track", "Webinar Attended", null, List.of()),
            new Kind("favourite", "track", "Product Favorited", null, List.of()),
            new Kind("wishlist", "track", "Product Added to Wishlist", null, List.of()),
            new Kind("cart-add", "track", "Product Added", null, List.of()),
            new Kind("ad-click", "track", "Ad Clicked", null, List.of()),
            new Kind("social-engaged", "track", "Social Engaged", null, List.of()));

    private static final List<Kind> FILLERS = List.of(
            new Kind(null, "track", "Video Played", null, List.of()),
            new Kind(null, "track", "Search Performed", null, List.of()),
            new Kind(null, "track", "Button Clicked", null, List.of()),
            new Kind(null, "track", "Session Engaged", "properties.seconds", List.of(15, 45, 90)),
            new Kind(null, "track", "Content Downloaded", "properties.assetType", List.of("price_list")));

    private final List<Kind> scoring = new ArrayList<>();
    private final int[] budgets;

    /**
     * The shapes that fit {@code model} for leads whose events all lie within {@code span}: a rule whose cap
     * window is shorter than the span could open a second window in one order and not in another, so it is left out.
     *
     * @throws IllegalStateException when a shape matches other rules than its own under this model
     */
    SoakEvents(ScoringModel model, Duration span) {
        if (span.compareTo(model.sessionTimeout()) >= 0) {
            // within one session no page view is a return visit, whatever came before it
            throw new IllegalStateException("a lead's events span " + span + ", not less than the session timeout "
                    + model.sessionTimeout());
        }
        List<Integer> kept = new ArrayList<>();
        for (Kind k : SCORING) {
            verify(model, k);
            int budget = budget(model.rule(k.rule()).cap(), span);
            if (budget > 0) {
                scoring.add(k);
                kept.add(budget);
            }
        }
        FILLERS.forEach(k -> verify(model, k));
        budgets = kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The scoring shapes, in the order of {@link #budgets()}. */
    List<Kind> scoring() {
        return scoring;
    }

    /** How many times one lead may be sent each scoring shape. */
    int[] budgets() {
        return budgets.clone();
    }

    Kind filler(Random r) {
        return FILLERS.get(r.nextInt(FILLERS.size()));
    }

    /** The event JSON of shape {@code k}. */
    static ObjectNode event(Kind k, String eventId, String anonymousId, Instant at, Random r) {
        ObjectNode e = Json.object();
        e.put("eventId", eventId).put("type", k.type()).put("anonymousId", anonymousId).put("timestamp", at.toString());
        if (k.event() != null) {
            e.put("event", k.event());
        }
        ObjectNode context = e.putObject("context");
        context.put("userAgent", BROWSER);
        if (k.field() != null) {
            String[] path = k.field().split("\\.");
            ObjectNode parent = path[0].equals("context") ? context : e.putObject(path[0]);
            for (int i = 1; i < path.length - 1; i++) {
                parent = parent.putObject(path[i]);
            }
            Object v = k.values().get(r.nextInt(k.values().size()));
            if (v instanceof Integer n) {
                parent.put(path[path.length - 1], n);
            } else {
                parent.put(path[path.length - 1], (String) v);
            }
        }
        return e;
    }

    /** One less than the cap (so a double count still scores), or 0 when the rule cannot be used at all. */
    static int budget(Cap cap, Duration span) {
        if (cap instanceof Cap.PerPeriod p) {
            return p.per().compareTo(span) > 0 ? p.max() - 1 : 0;
        }
        return cap instanceof Cap.Unlimited ? 20 : 0;
    }

    /** Every value of {@code k} matches exactly its rule (or none), no hand-raise and no disqualifier. */
    private static void verify(ScoringModel model, Kind k) {
        if (k.rule() != null && model.rule(k.rule()) == null) {
            throw new IllegalStateException("the scoring model has no rule " + k.rule());
        }
        Random r = new Random(0);
        int values = Math.max(1, k.values().size());
        for (int i = 0; i < values * 8; i++) {
            TrackingEvent e = parse(event(k, "soak-verify", "soak-verify", Instant.now().minusSeconds(60), r));
            Set<String> matched = model.behaviour().stream().filter(b -> b.when().matches(e, false))
                    .map(ScoringModel.BehaviourRule::id).collect(Collectors.toSet());
            Set<String> wanted = k.rule() == null ? Set.of() : Set.of(k.rule());
            if (!matched.equals(wanted)) {
                throw new IllegalStateException("the soak's " + describe(k) + " matches " + matched + ", not " + wanted);
            }
            boolean disqualifies = model.disqualifiers().stream().anyMatch(d -> d.when() != null && d.when().matches(e, false));
            boolean raisesHand = model.mql().fastTrack().stream().anyMatch(f -> f.when().matches(e, false));
            if (disqualifies || raisesHand) {
                throw new IllegalStateException("the soak's " + describe(k) + " disqualifies or raises a hand");
            }
        }
    }

    private static TrackingEvent parse(ObjectNode event) {
        ObjectNode request = Json.object().put("writeKey", "soak-verify");
        request.putArray("events").add(event);
        TrackingRequest parsed = new TrackingRequestParser(Limits.DEFAULT)
                .parse(request.toString().getBytes(StandardCharsets.UTF_8), Instant.now());
        if (parsed.accepted().size() != 1) {
            throw new IllegalStateException("the soak's event is not valid: " + parsed.rejected());
        }
        return parsed.accepted().get(0).event();
    }

    private static String describe(Kind k) {
        return k.type() + (k.event() != null ? " " + k.event() : "") + (k.field() != null ? " " + k.field() + " " + k.values() : "");
    }
}
