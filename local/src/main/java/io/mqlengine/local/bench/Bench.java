package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.json.EventCodec;
import io.mqlengine.json.Json;
import io.mqlengine.local.LocalTwin;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.local.TwinOptions;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/**
 * {@code bench}: cost, speed and scale figures in one run, printed as a table and written as JSON. Runs the
 * real template on the local twin (functions loaded from {@code functions/target/mql-functions.jar}) and
 * measures against the real-protocol emulators; the naive baselines run in the same run.
 */
public final class Bench {
    static final String USAGE = "usage: java -jar local/target/mql-local.jar bench [--events N] [--leads N] [--seed S]"
            + " [--sweep-leads N] [--quick] --out FILE.json";

    private Bench() {
    }

    record Options(int events, int leads, long seed, int sweepLeads, int naiveEvents, int coldStarts, boolean quick,
                   Path out) {
    }

    public static int run(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        PrintStream out = System.out;
        System.setOut(System.err); // the functions' log lines are not the benchmark's output
        try {
            Map<String, Object> figures = measure(o, out);
            Files.writeString(o.out(), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures) + "\n");
            Report.print(figures, out);
            out.println("written to " + o.out().toAbsolutePath());
            return 0;
        } catch (Exception e) {
            System.err.println("the benchmark failed: " + e);
            e.printStackTrace();
            return 1;
        } finally {
            System.setOut(out);
        }
    }

    static Options parse(String[] args) {
        Integer events = null;
        Integer leads = null;
        Integer sweepLeads = null;
        long seed = 42;
        boolean quick = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = positive(args, ++i);
                case "--leads" -> leads = positive(args, ++i);
                case "--sweep-leads" -> sweepLeads = positive(args, ++i);
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE.json is required");
        }
        // the default size runs in under five minutes on 2 cores
        int e = events != null ? events : quick ? 600 : 20_000;
        int l = leads != null ? leads : quick ? 300 : 4_000;
        int s = sweepLeads != null ? sweepLeads : quick ? 3_000 : 100_000;
        return new Options(e, l, seed, s, Math.min(e, quick ? 300 : 4_000), quick ? 3 : 5, quick, out);
    }

    private static int positive(String[] args, int i) {
        int n = Integer.parseInt(value(args, i));
        if (n <= 0) {
            throw new IllegalArgumentException(args[i - 1] + " must be positive");
        }
        return n;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** A progress line, stamped with the seconds since the benchmark started. */
    private interface Step {
        void print(String format, Object... args);
    }

    static Map<String, Object> measure(Options o, PrintStream progress) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.exists(root.resolve("template.yaml")) && Files.exists(root.getParent().resolve("template.yaml"))) {
            root = root.getParent(); // run from a module directory (the tests)
        }
        Path template = root.resolve("template.yaml");
        Path functionsJar = root.resolve("functions/target/mql-functions.jar");
        Path naiveJar = root.resolve("bench-naive/target/mql-naive-ingest.jar");
        Path probeJar = root.resolve("bench-naive/target/mql-bench-naive-0.1.0-SNAPSHOT-probe.jar");
        for (Path p : List.of(template, functionsJar, naiveJar, probeJar)) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: run the benchmark from the repository root after "
                        + "`mvn -B -DskipTests package`");
            }
        }
        ScoringModel model = ScoringModelLoader.load(root.resolve("model/scoring-model.json"));
        Map<String, Object> f = new LinkedHashMap<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TrafficMix mix = TrafficMix.generate(o.events(), o.leads(), o.seed(), now, Duration.ofHours(6));
        f.put("events", mix.events());
        f.put("deliveries", mix.deliveries());
        f.put("leads", o.leads());
        f.put("seed", o.seed());

        long started = System.nanoTime();
        Step step = (format, args) -> progress.printf("[%3d s] %s%n", (System.nanoTime() - started) / 1_000_000_000L,
                String.format(format, args));
        step.print("scoring in-process: %d events...", mix.events());
        f.put("score_events_per_second_per_core", Math.round(ScoringBench.eventsPerSecondPerCore(mix, model, now,
                Duration.ofSeconds(o.quick() ? 4 : 12))));

        Map<String, DoubleAdder> durations = new ConcurrentHashMap<>();
        Map<String, DoubleAdder> invocations = new ConcurrentHashMap<>();
        TwinOptions options = TwinOptions.of(template).withPort(0).withOutput(line -> {
            if (line.startsWith("{\"event\":\"invoke\"")) {
                var n = Json.read(line);
                durations.computeIfAbsent(n.path("function").asText(), k -> new DoubleAdder()).add(n.path("durationMs").asDouble());
                invocations.computeIfAbsent(n.path("function").asText(), k -> new DoubleAdder()).add(1);
            }
        });
        step.print("starting the local twin on template.yaml...");
        try (RunningTwin twin = LocalTwin.start(options)) {
            String secret = twin.plan().functions().get("ScoreFunction").environment().get("LEAD_ID_SECRET");
            Map<String, Number> twinBefore = twin.clients().usage().totals();
            step.print("posting %d requests (%d deliveries) through %s...", mix.requests().size(), mix.deliveries(),
                    twin.apiUrl());
            E2eRun.Result e2e = E2eRun.run(twin, mix, secret, 8);
            if (e2e.non202() > 0) {
                throw new IllegalStateException(e2e.non202() + " requests were not accepted");
            }
            f.put("e2e_events_per_second", Math.round(mix.events() / (e2e.millisToScored() / 1000.0)));
            f.put("ingest_p50_ms", round(percentile(e2e.latenciesMicros(), 50) / 1000.0));
            f.put("ingest_p99_ms", round(percentile(e2e.latenciesMicros(), 99) / 1000.0));
            long[] handoffs = e2e.handoffMillis().stream().mapToLong(Long::longValue).sorted().toArray();
            f.put("handoffs_under_load", handoffs.length);
            f.put("handoff_p99_under_load_ms", handoffs.length == 0 ? null : percentile(handoffs, 99));

            Map<String, Number> usage = new HashMap<>();
            for (String fn : List.of("IngestFunction", "ScoreFunction", "HandoffFunction", "SweepFunction")) {
                twin.functionUsage(fn).forEach((k, v) -> usage.merge(k, v, (a, b) -> a.doubleValue() + b.doubleValue()));
            }
            Map<String, Number> twinAfter = twin.clients().usage().totals();
            double events = mix.events();
            f.put("dynamodb_write_requests_per_event", round4(sum(usage, "DynamoDB.", List.of("UpdateItem", "PutItem",
                    "TransactWriteItems", "BatchWriteItem", "DeleteItem")) / events));
            f.put("dynamodb_read_requests_per_event", round4(sum(usage, "DynamoDB.", List.of("GetItem", "BatchGetItem",
                    "Query", "Scan")) / events));
            f.put("dynamodb_wcu_per_event", round4(usage.getOrDefault("DynamoDB.writeUnits", 0).doubleValue() / events));
            f.put("dynamodb_rcu_per_event", round4(usage.getOrDefault("DynamoDB.readUnits", 0).doubleValue() / events));
            double functionSqs = usage.entrySet().stream().filter(e -> e.getKey().startsWith("SQS."))
                    .mapToDouble(e -> e.getValue().doubleValue()).sum();
            double pollerSqs = 0;
            for (String op : List.of("ReceiveMessage", "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility",
                    "ChangeMessageVisibilityBatch")) {
                pollerSqs += SweepBench.delta(twinBefore, twinAfter, "SQS." + op).doubleValue();
            }
            f.put("sqs_requests_per_event", round4((functionSqs + pollerSqs) / events));
            f.put("sqs_requests_by_functions_per_event", round4(functionSqs / events));
            f.put("sqs_requests_by_pollers_per_event", round4(pollerSqs / events));
            Map<String, Object> lambda = new LinkedHashMap<>();
            invocations.forEach((fn, n) -> lambda.put(fn, Map.of("invocations", Math.round(n.sum()),
                    "ms_total", Math.round(durations.get(fn).sum()))));
            f.put("lambda", lambda);
            f.put("http_requests", e2e.requests());

            int probes = o.quick() ? 5 : 30;
            step.print("handoff latency: %d hand-raisers one at a time...", probes);
            long[] probe = HandoffProbe.run(twin, probes);
            f.put("handoff_probes", probes);
            f.put("handoff_p50_ms", percentile(probe, 50));
            f.put("handoff_p99_ms", percentile(probe, 99));

            step.print("naive store: %d events, read-modify-write per event...", o.naiveEvents());
            f.putAll(naive(twin, mix, model, o.naiveEvents(), secret, now));

            step.print("sweep over %d leads, 1%% due...", o.sweepLeads());
            AwsUsage sweepUsage = new AwsUsage();
            DynamoDbClient counted = client(twin.dynamoEndpoint(), sweepUsage);
            String table = twin.tableName("LeadsTable") + "-sweepbench";
            createLike(twin, table);
            SweepBench.Result sweep = SweepBench.run(counted, sweepUsage, twin.clients().dynamo(), table, new LeadScorer(model),
                    o.sweepLeads(), now);
            f.put("sweep_leads", sweep.leads());
            f.put("sweep_due", sweep.due());
            f.put("sweep_items_read_per_due_lead", round4((double) sweep.itemsRead() / Math.max(1, sweep.due())));
            f.put("sweep_rcu_per_due_lead", round4(sweep.readUnits() / Math.max(1, sweep.due())));
            f.put("sweep_ms", sweep.millis());

            step.print("cold starts: %d fresh JVMs each, in turns...", o.coldStarts());
            Path body = Files.createTempFile("bench-request", ".json");
            body.toFile().deleteOnExit();
            Files.writeString(body, coldStartBody(twin.clock().instant()));
            // a queue of its own: the baseline enqueues plain events, which the twin's score function would reject
            String coldQueue = twin.clients().sqs().createQueue(b -> b.queueName("bench-cold-start")).queueUrl();
            Map<String, String> env = new HashMap<>();
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("EVENTS_QUEUE_URL", coldQueue);
            env.put("HAND_RAISER_QUEUE_URL", coldQueue);
            env.put("WRITE_KEYS", twin.writeKey());
            env.put("ALLOWED_ORIGINS", "http://localhost:8080");
            env.put("IDENTITY_SECRET", "");
            env.put("MAX_EVENT_AGE", "P7D");
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ENDPOINT_URL_SQS", twin.sqsEndpoint());
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            Map<String, String> ours = new HashMap<>(env);
            Map<String, String> planned = twin.plan().functions().get("IngestFunction").environment();
            ours.put("JAVA_TOOL_OPTIONS", planned.getOrDefault("JAVA_TOOL_OPTIONS", ""));
            ours.put("SCORING_MODEL_FILE", planned.get("SCORING_MODEL_FILE"));
            long[] cold = ColdStart.medianMillis(new ColdStart.Subject(functionsJar, "io.mqlengine.ingest.IngestHandler", ours),
                    new ColdStart.Subject(naiveJar, "io.mqlengine.naive.NaiveIngestHandler", env), probeJar, body, o.coldStarts());
            f.put("cold_start_ms", cold[0]);
            f.put("cold_start_baseline_ms", cold[1]);
        }
        f.put("functions_jar_bytes", Files.size(functionsJar));
        f.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), "os",
                System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        f.put("cost_per_million_events_usd", Cost.perMillionEvents(f));
        return f;
    }

    private static Map<String, Object> naive(RunningTwin twin, TrafficMix mix, ScoringModel model, int limit, String secret,
                                             Instant now) {
        AwsUsage usage = new AwsUsage();
        DynamoDbClient dynamo = client(twin.dynamoEndpoint(), usage);
        String table = twin.tableName("LeadsTable") + "-naive";
        createLike(twin, table);
        NaiveStore naive = new NaiveStore(dynamo, table, new LeadScorer(model), new LeadIds(secret));
        int delivered = 0;
        int unique = 0;
        outer:
        for (TrafficMix.Request q : mix.requests()) {
            for (int copy = 0; copy < (q.duplicated() ? 2 : 1); copy++) {
                for (ObjectNode e : q.events()) {
                    naive.apply(EventCodec.fromJson(e), now);
                    delivered++;
                }
            }
            unique += q.events().size();
            if (unique >= limit) {
                break outer;
            }
        }
        Map<String, Number> t = usage.totals();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("naive_events", unique);
        out.put("naive_dynamodb_wcu_per_event", round4(t.getOrDefault("DynamoDB.writeUnits", 0).doubleValue() / unique));
        out.put("naive_dynamodb_rcu_per_event", round4(t.getOrDefault("DynamoDB.readUnits", 0).doubleValue() / unique));
        double requests = t.entrySet().stream().filter(e -> e.getKey().startsWith("DynamoDB.")
                && !e.getKey().endsWith("Units") && !e.getKey().endsWith("itemsRead")).mapToDouble(e -> e.getValue().doubleValue()).sum();
        out.put("naive_dynamodb_requests_per_event", round4(requests / unique));
        out.put("naive_deliveries", delivered);
        return out;
    }

    /** A table with the leads table's keys, index, stream and TTL, for a baseline or the sweep's bulk load. */
    private static void createLike(RunningTwin twin, String name) {
        var dynamo = twin.clients().dynamo();
        var source = dynamo.describeTable(b -> b.tableName(twin.tableName("LeadsTable"))).table();
        dynamo.createTable(b -> b.tableName(name).attributeDefinitions(source.attributeDefinitions())
                .keySchema(source.keySchema()).billingMode("PAY_PER_REQUEST")
                .globalSecondaryIndexes(source.globalSecondaryIndexes().stream().map(i ->
                        GlobalSecondaryIndex.builder().indexName(i.indexName())
                                .keySchema(i.keySchema()).projection(i.projection()).build()).toList()));
    }

    static DynamoDbClient client(String endpoint, AwsUsage usage) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(usage).build()).build();
    }

    private static String coldStartBody(Instant now) {
        ObjectNode r = Json.object().put("writeKey", "demo-write-key").put("sentAt", now.toString());
        r.putArray("events").addObject().put("eventId", "cold-start-" + now.toEpochMilli()).put("type", "page")
                .put("anonymousId", "anon-cold-start").put("timestamp", now.toString())
                .putObject("context").putObject("page").put("path", "/pricing");
        return r.toString();
    }

    static double sum(Map<String, Number> usage, String prefix, List<String> operations) {
        double s = 0;
        for (String op : operations) {
            s += usage.getOrDefault(prefix + op, 0).doubleValue();
        }
        return s;
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }

    static double round4(double d) {
        return Math.round(d * 10_000) / 10_000.0;
    }

    static List<String> keys() {
        return new ArrayList<>(List.of("events", "dynamodb_write_requests_per_event", "dynamodb_read_requests_per_event",
                "dynamodb_wcu_per_event", "dynamodb_rcu_per_event", "sqs_requests_per_event", "score_events_per_second_per_core",
                "e2e_events_per_second", "ingest_p50_ms", "ingest_p99_ms", "handoff_p99_ms", "cold_start_ms",
                "cold_start_baseline_ms", "sweep_items_read_per_due_lead", "functions_jar_bytes", "naive_dynamodb_wcu_per_event"));
    }

}
