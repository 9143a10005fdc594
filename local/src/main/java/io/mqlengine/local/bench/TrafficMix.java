package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A reproducible, realistic traffic mix: many people with Zipf-skewed activity (a few very active, most
 * seen once or twice), anonymous visitors of whom some identify after a few events, page views, email,
 * content and webinar events, about 2 % of events from bots and about 5 % of requests delivered twice
 * (client retries). Events are grouped into requests from three kinds of sender ({@link Source}): a browser
 * sending one to five events of one person; the JavaScript snippet flushing its queue, 8 to 12 events of one
 * person; a server SDK flushing a batch of 4 to 8 people's events, one to five each. Timestamps are spread over
 * {@code span} ending at {@code end}.
 */
public final class TrafficMix {
    static final double ZIPF_EXPONENT = 1.0;
    static final double BOT_SHARE = 0.02;
    static final double DUPLICATE_SHARE = 0.05;
    static final double IDENTIFYING_SHARE = 0.35;
    /** Shares of requests; by events, about 40 % browser, 36 % snippet batches and 24 % server-SDK batches. */
    static final double SNIPPET_REQUEST_SHARE = 0.19;
    static final double SERVER_REQUEST_SHARE = 0.075;
    static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    static final String BOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PAGES = {"/", "/blog/lead-scoring", "/blog/forward-decay", "/about", "/customers",
            "/pricing", "/product/scoring", "/product/handoff", "/product/api", "/compare/hubspot", "/compare/marketo",
            "/careers", "/docs/start"};
    private static final double[] PAGE_WEIGHTS = {20, 10, 8, 4, 5, 9, 8, 6, 5, 3, 2, 2, 6};
    private static final String[] TRACKS = {"Email Opened", "Email Link Clicked", "Content Downloaded", "Session Engaged",
            "Webinar Registered", "Webinar Attended", "Newsletter Subscribed", "Product Favorited", "Product Added",
            "Ad Clicked", "Social Engaged", "Survey Answered", "Demo Requested", "Trial Started",
            "Contact Form Submitted", "Unsubscribed"};
    private static final double[] TRACK_WEIGHTS = {25, 10, 14, 20, 5, 3.5, 2.5, 2.5, 2, 5, 5, 1, 0.8, 0.5, 0.8, 0.4};
    private static final String[] ASSETS = {"ebook", "whitepaper", "case_study", "guide"};
    private static final String[][] FITS = {
            {"VP Marketing", "800", "software", "US"}, {"Head of Growth", "120", "saas", "GB"},
            {"Marketing Manager", "300", "retail", "DE"}, {"Sales Director", "2500", "financial services", "US"},
            {"Analyst", "60", "healthcare", "FR"}, {"Founder", "8", "saas", "NL"}, {"Student", "0", "education", "IN"},
            {"Software Engineer", "40", "software", "BR"}};
    private static final String[] DOMAINS = {"acme.example", "globex.example", "initech.example", "umbrella.example",
            "gmail.com", "yahoo.com", "competitor.example"};

    /** One person: their anonymous id, email, whether they identify, and whether they are a bot. */
    public record Person(int index, String anonymousId, String email, boolean identifies, boolean bot) {
    }

    /** Who sends a request: a browser's own call, the snippet's queued batch, or a server SDK's batch. */
    public enum Source {
        BROWSER, SNIPPET_BATCH, SERVER_BATCH
    }

    /**
     * One HTTP request: tracking events, and whether the client will send it twice. {@code person} is the first of
     * {@code people}, the people whose events it carries (several only in a server-SDK batch).
     */
    public record Request(Person person, List<ObjectNode> events, boolean duplicated, Source source,
                          List<Person> people) {
        public String body(Instant sentAt) {
            ObjectNode n = JSON.createObjectNode();
            n.put("writeKey", "demo-write-key");
            n.put("sentAt", sentAt.toString());
            n.putArray("events").addAll(events);
            return n.toString();
        }
    }

    private final List<Person> people = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private int events;

    private TrafficMix() {
    }

    /** {@code eventCount} unique events from {@code peopleCount} people, timestamps over {@code span} up to {@code end}. */
    public static TrafficMix generate(int eventCount, int peopleCount, long seed, Instant end, Duration span) {
        return generate(eventCount, peopleCount, seed, end, span, "");
    }

    /**
     * The same, with every email starting with {@code emailPrefix}: a second mix of other people than a first one of
     * another seed (anonymous ids carry the seed).
     */
    public static TrafficMix generate(int eventCount, int peopleCount, long seed, Instant end, Duration span,
                                      String emailPrefix) {
        TrafficMix mix = new TrafficMix();
        Random r = new Random(seed);
        for (int i = 0; i < peopleCount; i++) {
            boolean bot = r.nextDouble() < BOT_SHARE;
            String domain = DOMAINS[r.nextInt(DOMAINS.length)];
            mix.people.add(new Person(i, "anon-" + seed + "-" + i, emailPrefix + "person" + i + "@" + domain,
                    !bot && r.nextDouble() < IDENTIFYING_SHARE, bot));
        }
        double[] cumulative = zipf(peopleCount);
        int[] seen = new int[peopleCount];
        long stepMillis = Math.max(1, span.toMillis() / Math.max(1, eventCount));
        Instant t = end.minus(span);
        while (mix.events < eventCount) {
            double kind = r.nextDouble();
            Source source = kind < SERVER_REQUEST_SHARE ? Source.SERVER_BATCH
                    : kind < SERVER_REQUEST_SHARE + SNIPPET_REQUEST_SHARE ? Source.SNIPPET_BATCH : Source.BROWSER;
            int senders = source == Source.SERVER_BATCH ? 4 + r.nextInt(5) : 1;
            List<Person> who = new ArrayList<>(senders);
            List<ObjectNode> batch = new ArrayList<>();
            for (int s = 0; s < senders && mix.events < eventCount; s++) {
                Person p = mix.people.get(pick(cumulative, r.nextDouble()));
                int size = Math.min(eventCount - mix.events, source == Source.SNIPPET_BATCH ? 8 + r.nextInt(5)
                        : 1 + r.nextInt(5));
                for (int k = 0; k < size; k++) {
                    t = t.plusMillis(stepMillis);
                    batch.add(mix.event(p, seen[p.index()]++, t, r));
                }
                mix.events += size;
                if (!who.contains(p)) {
                    who.add(p);
                }
            }
            mix.requests.add(new Request(who.get(0), batch, r.nextDouble() < DUPLICATE_SHARE, source, List.copyOf(who)));
        }
        return mix;
    }

    private ObjectNode event(Person p, int nth, Instant at, Random r) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", p.anonymousId() + "-" + nth);
        e.put("anonymousId", p.anonymousId());
        e.put("timestamp", at.toString());
        if (p.identifies() && nth == 3) {
            String[] fit = FITS[p.index() % FITS.length];
            e.put("type", "identify");
            ObjectNode traits = e.putObject("traits");
            traits.put("email", p.email()).put("firstName", "Person").put("lastName", String.valueOf(p.index()))
                    .put("title", fit[0]).put("company", "Company " + (p.index() % 997))
                    .put("companySize", Integer.parseInt(fit[1])).put("industry", fit[2]).put("country", fit[3]);
            return e;
        }
        ObjectNode context = e.putObject("context");
        context.put("userAgent", p.bot() ? BOT : BROWSER);
        if (p.bot() || r.nextDouble() < 0.55) {
            e.put("type", "page");
            context.putObject("page").put("path", PAGES[weighted(PAGE_WEIGHTS, r)]);
            return e;
        }
        String name = TRACKS[weighted(TRACK_WEIGHTS, r)];
        e.put("type", "track");
        e.put("event", name);
        ObjectNode props = e.putObject("properties");
        if (name.equals("Content Downloaded")) {
            props.put("assetType", ASSETS[r.nextInt(ASSETS.length)]);
        } else if (name.equals("Session Engaged")) {
            props.put("seconds", 10 + r.nextInt(600));
        }
        return e;
    }

    /** Cumulative Zipf weights of {@code n} ranks (exponent {@link #ZIPF_EXPONENT}), the last one 1. */
    static double[] zipf(int n) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, ZIPF_EXPONENT);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static int pick(double[] cumulative, double u) {
        int i = Arrays.binarySearch(cumulative, u);
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }

    private static int weighted(double[] weights, Random r) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    public List<Person> people() {
        return people;
    }

    public List<Request> requests() {
        return requests;
    }

    /** Unique events generated. */
    public int events() {
        return events;
    }

    /** Share of requests and of events per {@link Source}, e.g. "snippet_batch_request_share". */
    public Map<String, Object> shares() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Source s : Source.values()) {
            long n = requests.stream().filter(q -> q.source() == s).count();
            long e = requests.stream().filter(q -> q.source() == s).mapToLong(q -> q.events().size()).sum();
            String name = s.name().toLowerCase(Locale.ROOT);
            out.put("mix_" + name + "_request_share", Figures.round4((double) n / Math.max(1, requests.size())));
            out.put("mix_" + name + "_event_share", Figures.round4((double) e / Math.max(1, events)));
        }
        out.put("mix_events_per_request", Figures.round4((double) events / Math.max(1, requests.size())));
        return out;
    }

    /** Events delivered, counting the second copy of every duplicated request. */
    public int deliveries() {
        return requests.stream().mapToInt(q -> q.events().size() * (q.duplicated() ? 2 : 1)).sum();
    }
}
