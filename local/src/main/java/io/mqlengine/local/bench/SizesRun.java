package io.mqlengine.local.bench;

import static io.mqlengine.local.bench.Figures.round4;

import io.mqlengine.local.LocalTwin;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.local.TwinOptions;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code bench --sizes E1,E2,...}: the benchmark's load run at several sizes, each on a fresh twin, and the sweep on
 * tables that grow with the size, to show that cost per event stays flat and that a sweep's reads follow its due
 * leads, not the table. Per size: the same mix (a fifth as many people as events), posted through the twin's HTTP API
 * until every event is scored, priced by {@link Cost} exactly as {@code bench} prices it; then a sweep table of
 * {@code sweepLeadsPerEvent} leads per event with a fixed number of them due, swept; then a twenty-fifth of the same
 * table made due, swept again. The steps of {@code bench} that do not depend on the size (in-memory scoring, what-if,
 * hand-raiser probes, the naive store, cold starts) are left out.
 */
final class SizesRun {
    /** In the second sweep of each size, one lead in this many of the table is due. */
    static final int MORE_DUE_EVERY = 25;

    private SizesRun() {
    }

    static int run(String[] args) {
        SizesOptions o;
        try {
            o = SizesOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SizesOptions.USAGE);
            return 2;
        }
        return FiguresRun.run(o.out(), progress -> measure(o, progress), SizesReport::print,
                "the sizes run failed") == null ? 1 : 0;
    }

    static Map<String, Object> measure(SizesOptions o, PrintStream progress) throws Exception {
        Path root = FiguresRun.root();
        Path template = root.resolve("template.yaml");
        Path functionsJar = root.resolve("functions/target/mql-functions.jar");
        for (Path p : List.of(template, functionsJar)) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: run the benchmark from the repository root after "
                        + "`mvn -B -DskipTests package`");
            }
        }
        ScoringModel model = ScoringModelLoader.load(root.resolve("model/scoring-model.json"));
        long started = System.nanoTime();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("mode", "sizes");
        f.put("seed", o.seed());
        f.put("load_average_start", loadAverage());
        List<Map<String, Object>> sizes = new ArrayList<>();
        for (int events : o.sizes()) {
            // the hot profile once, on the largest size's twin: its figures do not depend on the size
            boolean hot = o.hotProfile() && events == o.sizes().get(o.sizes().size() - 1);
            progress.printf("[%3d s] size %d events, %d people...%n", seconds(started), events, SizesOptions.leads(events));
            Map<String, Object> size;
            try {
                size = size(o, events, template, model, hot, progress, started);
                size.put("attempts", 1);
            } catch (RefusedRequests e) {
                // a starved machine times out the ingest's SQS sends (503, "send again"); the figures must come from
                // a run where every request was accepted, so the size runs once more on a fresh twin
                progress.printf("[%3d s]   %s; once more on a fresh twin%n", seconds(started), e.getMessage());
                size = size(o, events, template, model, hot, progress, started);
                size.put("attempts", 2);
            }
            sizes.add(size);
        }
        f.put("sizes", sizes);
        f.put("scaling", scaling(sizes, o));
        f.put("load_average_end", loadAverage());
        f.put("seconds", seconds(started));
        f.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), "os",
                System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        return f;
    }

    /** One size on a fresh twin: the load run, its cost, what it left in the table, and the two sweeps. */
    private static Map<String, Object> size(SizesOptions o, int events, Path template, ScoringModel model,
                                            boolean hot, PrintStream progress, long started) throws Exception {
        long sizeStarted = System.nanoTime();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("load_average_start", loadAverage());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TrafficMix mix = TrafficMix.generate(events, SizesOptions.leads(events), o.seed(), now, Duration.ofHours(6));
        f.put("events", mix.events());
        f.put("leads", SizesOptions.leads(events));
        f.put("deliveries", mix.deliveries());
        f.put("requests", mix.requests().size());
        f.put("mix_events_per_request", mix.shares().get("mix_events_per_request"));
        InvokeTally tally = new InvokeTally();
        long starting = System.nanoTime();
        try (RunningTwin twin = LocalTwin.start(BenchRun.unthrottled(TwinOptions.of(template)).withPort(0).withOutput(tally))) {
            f.put("twin_start_seconds", Figures.round((System.nanoTime() - starting) / 1e9));
            progress.printf("[%3d s]   twin started in %s s, posting %d requests...%n", seconds(started),
                    f.get("twin_start_seconds"), mix.requests().size());
            String secret = twin.plan().functions().get("ScoreFunction").environment().get("LEAD_ID_SECRET");
            E2eRun.Result e2e;
            try {
                e2e = BenchRun.underLoad(twin, null, () -> { }, mix, secret, f);
            } catch (IllegalStateException e) {
                if (e.getMessage() != null && e.getMessage().endsWith("requests were not accepted")) {
                    throw new RefusedRequests(e.getMessage());
                }
                throw e;
            }
            f.put("e2e_seconds", Figures.round(e2e.millisToScored() / 1000.0));
            f.put("lambda", tally.lambda());
            f.put("lambda_invocations_per_million", Math.round(tally.invocations() / mix.events() * 1e6));
            f.put("http_requests", e2e.requests());
            f.putAll(LeadItemSizes.of(twin.clients().dynamo(), twin.tableName("LeadsTable")));
            f.putAll(TableBytes.of(twin.clients().dynamo(), twin.tableName("LeadsTable")));
            f.putAll(archive(twin, mix.events()));
            f.putAll(Cost.perMillion(f));
            // what the counted requests and units cost: Lambda duration is the twin's wall-clock handler time, which
            // falls as the functions' JIT warms up over a longer run and rises with the machine's load
            f.put("cost_per_million_usd_without_lambda_duration", round4(num(f, "cost_per_million_usd")
                    - num(f, "cost_lambda_duration_usd")));
            progress.printf("[%3d s]   %d events scored in %.1f s: %s USD per million, %s WCU and %s SQS requests"
                            + " per event%n", seconds(started), events, e2e.millisToScored() / 1000.0,
                    f.get("cost_per_million_usd"), f.get("dynamodb_wcu_per_event"), f.get("sqs_requests_per_event"));
            sweeps(twin, o, events, new LeadScorer(model), now, f, progress, started);
            if (hot) {
                progress.printf("[%3d s]   one hot profile: %d events of one anonymous id, then %d more...%n",
                        seconds(started), model.bots().maxEventsPerDay(), model.bots().maxEventsPerDay());
                f.put("hot_profile", HotProfileBench.run(twin, model.bots().maxEventsPerDay(), 8, "hot-" + o.seed()));
            }
        }
        f.put("load_average_end", loadAverage());
        f.put("size_seconds", seconds(sizeStarted));
        return f;
    }

    /**
     * The sweep table of this size: seeded with the fixed number of due leads and swept, then a twenty-fifth of it
     * made due (replacing leads in place, so the table keeps its size) and swept again.
     */
    private static void sweeps(RunningTwin twin, SizesOptions o, int events, LeadScorer scorer, Instant now,
                               Map<String, Object> f, PrintStream progress, long started) throws Exception {
        int leads = events * o.sweepLeadsPerEvent();
        AwsUsage usage = new AwsUsage();
        DynamoDbClient counted = BenchTables.client(twin.dynamoEndpoint(), usage);
        String table = twin.tableName("LeadsTable") + "-sweepbench";
        BenchTables.createLike(twin, table);
        long seeding = System.nanoTime();
        SweepBench.seed(twin.clients().dynamo(), table, scorer, 0, leads, o.sweepDue(), now);
        f.put("sweep_seed_seconds", Figures.round((System.nanoTime() - seeding) / 1e9));
        SweepBench.Result fixed = SweepBench.sweepOnce(counted, usage, table, scorer, leads, now);
        put(f, "sweep_", fixed);
        // every MORE_DUE_EVERY-th lead replaced by a due one: the same table, more due leads
        SweepBench.makeDue(twin.clients().dynamo(), table, scorer, leads, MORE_DUE_EVERY, now);
        SweepBench.Result more = SweepBench.sweepOnce(counted, usage, table, scorer, leads, now);
        put(f, "sweep_more_", more);
        progress.printf("[%3d s]   sweep over %d leads: %d due, %d items read; %d due, %d items read%n",
                seconds(started), leads, fixed.due(), fixed.itemsRead(), more.due(), more.itemsRead());
        twin.clients().dynamo().deleteTable(b -> b.tableName(table));
    }

    /** The event archive the run left: objects and gzipped bytes, per event (what S3 storage is billed on). */
    private static Map<String, Object> archive(RunningTwin twin, int events) throws Exception {
        Path dir = twin.bucketDirectory("EventArchiveBucket");
        long objects = 0;
        long bytes = 0;
        if (dir != null && Files.isDirectory(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    objects++;
                    bytes += Files.size(p);
                }
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("archive_objects", objects);
        f.put("archive_bytes", bytes);
        f.put("archive_bytes_per_event", Figures.round(bytes / (double) events));
        return f;
    }

    /** The twin answered some of the mix's requests with something other than 202. */
    private static final class RefusedRequests extends Exception {
        RefusedRequests(String message) {
            super(message);
        }
    }

    private static void put(Map<String, Object> f, String prefix, SweepBench.Result r) {
        f.put(prefix + "leads", r.leads());
        f.put(prefix + "due", r.due());
        f.put(prefix + "written", r.written());
        f.put(prefix + "items_read", r.itemsRead());
        f.put(prefix + "read_units", round4(r.readUnits()));
        f.put(prefix + "write_units", round4(r.writeUnits()));
        f.put(prefix + "items_read_per_due_lead", round4((double) r.itemsRead() / Math.max(1, r.due())));
        f.put(prefix + "ms", r.millis());
    }

    /**
     * The comparison across sizes: each figure's values from the smallest size to the largest, the spread of the
     * per-event figures (largest over smallest value), and how the sweeps' reads grew against their tables and their
     * due leads.
     */
    static Map<String, Object> scaling(List<Map<String, Object>> sizes, SizesOptions o) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String key : List.of("events", "cost_per_million_usd", "cost_per_million_usd_without_lambda_duration",
                "cost_lambda_duration_usd", "dynamodb_wcu_per_event", "sqs_requests_per_event",
                "lambda_invocations_per_million", "e2e_events_per_second")) {
            s.put(key, values(sizes, key));
        }
        for (String key : List.of("cost_per_million_usd", "cost_per_million_usd_without_lambda_duration",
                "dynamodb_wcu_per_event", "sqs_requests_per_event")) {
            s.put(key + "_spread", spread(values(sizes, key)));
        }
        Map<String, Object> first = sizes.get(0);
        Map<String, Object> last = sizes.get(sizes.size() - 1);
        s.put("sweep_fixed_due", o.sweepDue());
        s.put("sweep_leads", values(sizes, "sweep_leads"));
        s.put("sweep_items_read", values(sizes, "sweep_items_read"));
        s.put("sweep_read_units", values(sizes, "sweep_read_units"));
        s.put("sweep_table_growth", round4(num(last, "sweep_leads") / num(first, "sweep_leads")));
        s.put("sweep_items_read_growth", round4(num(last, "sweep_items_read") / Math.max(1, num(first, "sweep_items_read"))));
        s.put("sweep_more_due", values(sizes, "sweep_more_due"));
        s.put("sweep_more_items_read", values(sizes, "sweep_more_items_read"));
        s.put("sweep_more_items_read_per_due_lead", values(sizes, "sweep_more_items_read_per_due_lead"));
        s.put("sweep_more_due_growth", round4(num(last, "sweep_more_due") / Math.max(1, num(first, "sweep_more_due"))));
        s.put("sweep_more_items_read_growth", round4(num(last, "sweep_more_items_read")
                / Math.max(1, num(first, "sweep_more_items_read"))));
        return s;
    }

    private static List<Double> values(List<Map<String, Object>> sizes, String key) {
        return sizes.stream().map(m -> num(m, key)).toList();
    }

    /** The largest value over the smallest: 1.0 when a figure is the same at every size. */
    private static Double spread(List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return min <= 0 ? null : round4(max / min);
    }

    private static double num(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    /** The system's load average over the last minute, as {@code uptime} shows it; null where the OS has none. */
    static Double loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? null : Math.round(l * 100) / 100.0;
    }

    private static long seconds(long since) {
        return (System.nanoTime() - since) / 1_000_000_000L;
    }
}
