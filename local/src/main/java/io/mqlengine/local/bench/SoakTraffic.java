package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.validation.Limits;
import io.mqlengine.validation.TrackingRequest;
import io.mqlengine.validation.TrackingRequestParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The soak's traffic, reproducible from its seed: a fixed population of leads with Zipf-skewed activity, some of
 * which identify with an email before the soak and the rest stay anonymous; requests of one to five events; bursts
 * of {@link #BURST_CLIENTS} x {@link #BURST_REQUESTS_PER_CLIENT} single-event requests for one lead; a share of the
 * requests sent twice at once, and a share re-sent unchanged after their 202 at a random delay of seconds to minutes.
 *
 * <p>Why the check can be exact whatever order the events arrive in: each event of a lead is stamped
 * {@code base + slot * STEP} for one of its {@link #MAX_EVENTS_PER_LEAD} slots (taken in a random order), so all of a lead's events lie within {@link #span()}, shorter than the model's session
 * timeout (no page view is ever a return visit, in any order) and than every cap window used (one window per rule);
 * and a lead is sent each scoring shape fewer times than its rule's cap ({@link SoakEvents}), so every event
 * scores in every order. Per-rule counts and the decayed score are then sums over the events, which no order changes.
 * The body carries no {@code sentAt}, so the ingest does not shift the timestamps of a late re-send by its delay.
 */
final class SoakTraffic {
    /**
     * Events one lead is sent at most: keeps the traffic bounded and a lead's events inside one session, and below
     * the model's daily limit on a lead's events (1,000 by default), beyond which events are not scored by design.
     */
    static final int MAX_EVENTS_PER_LEAD = 900;
    static final Duration STEP = Duration.ofMillis(1500);
    static final int BURST_CLIENTS = 16;
    static final int BURST_REQUESTS_PER_CLIENT = 50;
    static final double IDENTIFIED_SHARE = 0.35;
    static final double SCORING_SHARE = 0.5;
    static final double DUPLICATE_SHARE = 0.03;
    static final double RETRY_SHARE = 0.08;
    static final double BURST_RETRY_SHARE = 0.02;
    static final Duration MIN_RETRY_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(4);

    private static final String[] DOMAINS = {"acme.example", "globex.example", "initech.example", "umbrella.example",
            "gmail.com"};
    private static final String[][] FITS = {{"VP Marketing", "800", "software", "US"},
            {"Marketing Manager", "300", "retail", "DE"}, {"Founder", "8", "saas", "NL"},
            {"Analyst", "60", "healthcare", "FR"}};

    private final SoakEvents shapes;
    private final List<SoakLead> leads = new ArrayList<>();
    private final double[] zipf;
    private final Random r;
    private final long seed;
    private final Instant base;
    private final String writeKey;
    private final Clock clock;
    private final Duration maxRetryDelay;
    private final TrackingRequestParser parser = new TrackingRequestParser(Limits.DEFAULT);

    /**
     * {@code leadCount} leads for a soak that posts for {@code posting}; events stamped in the past hour of
     * {@code clock}, retries at most 60 % of the posting time late, so that most of them are sent.
     */
    SoakTraffic(ScoringModel model, int leadCount, long seed, String writeKey, Clock clock, Duration posting) {
        this.shapes = new SoakEvents(model, span());
        this.r = new Random(seed);
        this.seed = seed;
        this.writeKey = writeKey;
        this.clock = clock;
        this.base = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(span()).minus(Duration.ofMinutes(20));
        Duration longest = posting.multipliedBy(6).dividedBy(10);
        this.maxRetryDelay = longest.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY
                : longest.compareTo(MIN_RETRY_DELAY.multipliedBy(2)) < 0 ? MIN_RETRY_DELAY.multipliedBy(2) : longest;
        for (int i = 0; i < leadCount; i++) {
            String email = r.nextDouble() < IDENTIFIED_SHARE ? "soak" + seed + "-" + i + "@" + DOMAINS[r.nextInt(DOMAINS.length)]
                    : null;
            leads.add(new SoakLead(i, "soak-" + seed + "-" + i, email, shapes.budgets(), MAX_EVENTS_PER_LEAD, r));
        }
        this.zipf = TrafficMix.zipf(leadCount);
    }

    /** How far apart in time a lead's first and last events may be. */
    static Duration span() {
        return STEP.multipliedBy(MAX_EVENTS_PER_LEAD);
    }

    List<SoakLead> leads() {
        return leads;
    }

    /** One identify per lead that has an email: its first event, sent before the soak. */
    List<SoakRequest> identifies() {
        List<SoakRequest> out = new ArrayList<>();
        for (SoakLead lead : leads) {
            if (lead.email() != null) {
                int n = lead.events();
                int slot = lead.nextSlot();
                String[] fit = FITS[lead.index() % FITS.length];
                ObjectNode e = Json.object().put("eventId", eventId(lead, n)).put("type", "identify")
                        .put("anonymousId", lead.anonymousId()).put("timestamp", at(slot).toString());
                e.putObject("traits").put("email", lead.email()).put("title", fit[0])
                        .put("companySize", Integer.parseInt(fit[1])).put("industry", fit[2]).put("country", fit[3]);
                out.add(request(lead, List.of(e), false, null, false));
            }
        }
        return out;
    }

    /** The next ordinary request, or null when every lead has had all its events. */
    SoakRequest next() {
        SoakLead lead = pick(1);
        if (lead == null) {
            return null;
        }
        int size = Math.min(1 + r.nextInt(5), lead.room());
        List<ObjectNode> events = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            events.add(event(lead));
        }
        boolean duplicated = r.nextDouble() < DUPLICATE_SHARE;
        return request(lead, events, duplicated, r.nextDouble() < RETRY_SHARE ? retryDelay() : null, false);
    }

    /** The single-event requests of one burst, for a lead with room for them all; empty when none has. */
    List<SoakRequest> burst() {
        int size = BURST_CLIENTS * BURST_REQUESTS_PER_CLIENT;
        SoakLead lead = pick(size);
        if (lead == null) {
            return List.of();
        }
        List<SoakRequest> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(request(lead, List.of(event(lead)), false,
                    r.nextDouble() < BURST_RETRY_SHARE ? retryDelay() : null, true));
        }
        return out;
    }

    private ObjectNode event(SoakLead lead) {
        SoakEvents.Kind kind = null;
        if (r.nextDouble() < SCORING_SHARE) {
            List<Integer> open = new ArrayList<>();
            for (int k = 0; k < shapes.scoring().size(); k++) {
                if (lead.mayScore(k)) {
                    open.add(k);
                }
            }
            if (!open.isEmpty()) {
                int k = open.get(r.nextInt(open.size()));
                lead.score(k);
                kind = shapes.scoring().get(k);
            }
        }
        if (kind == null) {
            kind = shapes.filler(r);
        }
        int n = lead.events();
        return SoakEvents.event(kind, eventId(lead, n), lead.anonymousId(), at(lead.nextSlot()), r);
    }

    private SoakRequest request(SoakLead lead, List<ObjectNode> events, boolean duplicated, Duration retryAfter,
                                boolean burst) {
        ObjectNode body = Json.object().put("writeKey", writeKey);
        body.putArray("events").addAll(events);
        String text = body.toString();
        TrackingRequest parsed = parser.parse(text.getBytes(StandardCharsets.UTF_8), clock.instant());
        if (!parsed.rejected().isEmpty()) {
            throw new IllegalStateException("the soak generated an invalid event: " + parsed.rejected());
        }
        return new SoakRequest(lead.index(), text, parsed.accepted().stream().map(TrackingRequest.Accepted::event).toList(),
                duplicated, retryAfter, burst);
    }

    /** Log-uniform between a second and the longest delay: most retries come soon, some minutes later. */
    private Duration retryDelay() {
        double lo = Math.log(MIN_RETRY_DELAY.toMillis());
        double hi = Math.log(maxRetryDelay.toMillis());
        return Duration.ofMillis(Math.round(Math.exp(lo + r.nextDouble() * (hi - lo))));
    }

    /** A lead by Zipf weight among those with room for {@code events} more; null when none has. */
    private SoakLead pick(int events) {
        for (int attempt = 0; attempt < 32; attempt++) {
            int i = Arrays.binarySearch(zipf, r.nextDouble());
            SoakLead lead = leads.get(Math.min(leads.size() - 1, i >= 0 ? i : -i - 1));
            if (lead.room() >= events) {
                return lead;
            }
        }
        int start = r.nextInt(leads.size());
        for (int k = 0; k < leads.size(); k++) {
            SoakLead lead = leads.get((start + k) % leads.size());
            if (lead.room() >= events) {
                return lead;
            }
        }
        return null;
    }

    private String eventId(SoakLead lead, int n) {
        return "soak-" + seed + "-" + lead.index() + "-" + n;
    }

    private Instant at(int slot) {
        return base.plus(STEP.multipliedBy(slot));
    }
}
