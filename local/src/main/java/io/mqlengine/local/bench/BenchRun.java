package io.mqlengine.local.bench;

import static io.mqlengine.local.bench.Figures.percentile;
import static io.mqlengine.local.bench.Figures.round;
import static io.mqlengine.local.bench.Figures.round4;
import static io.mqlengine.local.bench.Figures.sum;

import io.mqlengine.local.LocalTwin;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.local.TwinOptions;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One benchmark run, in order: scoring in-process, the traffic mix through the twin's API, handoff latency one
 * hand-raiser at a time, the naive baseline, the sweep, cold starts; each step's figures in one ordered map.
 */
final class BenchRun {
    /** The functions whose AWS requests the cost counts. */
    private static final List<String> COUNTED_FUNCTIONS = List.of("IngestFunction", "ScoreFunction", "HandoffFunction",
            "SweepFunction", "LifecycleFunction");

    private BenchRun() {
    }

    /** A progress line, stamped with the seconds since the benchmark started. */
    private interface Step {
        void print(String format, Object... args);
    }

    static Map<String, Object> measure(Bench.Options o, PrintStream progress) throws Exception {
        Path root = FiguresRun.root();
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
        Map<String, Object> shares = mix.shares();
        f.put("requests", mix.requests().size());
        f.putAll(shares);

        long started = System.nanoTime();
        Step step = (format, args) -> progress.printf("[%3d s] %s%n", (System.nanoTime() - started) / 1_000_000_000L,
                String.format(format, args));
        step.print("the mix: %d requests, %.1f events each; by events %.0f %% browser, %.0f %% snippet batches,"
                + " %.0f %% server-SDK batches", mix.requests().size(), (Double) shares.get("mix_events_per_request"),
                100 * (Double) shares.get("mix_browser_event_share"), 100 * (Double) shares.get("mix_snippet_batch_event_share"),
                100 * (Double) shares.get("mix_server_batch_event_share"));
        Map<String, Object> jvm = JvmRegime.figures();
        f.putAll(jvm);
        JvmRegime.note(jvm).ifPresent(note -> step.print("%s", note));
        step.print("scoring in a fresh JVM (default JIT): %d events...", mix.events());
        ScoringBench.Figure scoring = ScoringBench.inFreshJvm(o.events(), o.leads(), o.seed(), now,
                root.resolve("model/scoring-model.json"), Duration.ofSeconds(o.quick() ? 4 : 12));
        f.put("score_events_per_second_per_core", Math.round(scoring.eventsPerSecond()));
        f.put("score_jvm_jit", scoring.jit());
        step.print("what-if replay: %d archived events under two models...", WhatIfBench.EVENTS);
        WhatIfBench.Figure whatIf = WhatIfBench.measure(root.resolve("model/scoring-model.json"),
                o.quick() ? 10_000 : WhatIfBench.EVENTS, o.seed(), now);
        f.put("what_if_100k_seconds", o.quick() ? null : whatIf.seconds());
        f.put("what_if_events_per_second", whatIf.eventsPerSecond());

        InvokeTally tally = new InvokeTally();
        StageTimes stages = new StageTimes();
        TwinOptions options = unthrottled(TwinOptions.of(template)).withPort(0).withOutput(line -> {
            stages.accept(line);
            tally.accept(line);
        });
        TrafficMix warmUp = o.warmUpEvents() == 0 ? null : TrafficMix.generate(o.warmUpEvents(),
                Math.max(1, o.warmUpEvents() / 5), o.seed() + 1, now, Duration.ofHours(6), "warm-up-");
        step.print("starting the local twin on template.yaml...");
        try (RunningTwin twin = LocalTwin.start(options)) {
            String secret = twin.plan().functions().get("ScoreFunction").environment().get("LEAD_ID_SECRET");
            if (warmUp != null) {
                step.print("warming up: %d requests (%d events) of other people...", warmUp.requests().size(),
                        warmUp.events());
            }
            Runnable warm = () -> {
                step.print("posting %d requests (%d deliveries) through %s...", mix.requests().size(),
                        mix.deliveries(), twin.apiUrl());
                stages.reset();
                tally.reset();
            };
            E2eRun.Result e2e = underLoad(twin, warmUp, warm, mix, secret, f);
            stages.stop();
            f.putAll(stages.figures(e2e));
            f.put("stages", stages.detail());
            f.put("lambda", tally.lambda());
            f.put("lambda_invocations_per_million", Math.round(tally.invocations() / mix.events() * 1e6));
            f.put("http_requests", e2e.requests());
            f.putAll(LeadItemSizes.of(twin.clients().dynamo(), twin.tableName("LeadsTable")));

            int probes = o.quick() ? 5 : 30;
            step.print("handoff latency: %d hand-raisers one at a time...", probes);
            long[] probe = HandoffProbe.run(twin, probes);
            f.put("handoff_probes", probes);
            f.put("handoff_p50_ms", percentile(probe, 50));
            f.put("handoff_p99_ms", percentile(probe, 99));

            step.print("naive store: %d events, read-modify-write per event...", o.naiveEvents());
            f.putAll(NaiveRun.run(twin, mix, model, o.naiveEvents(), secret, now));

            step.print("sweep over %d leads, 1%% due...", o.sweepLeads());
            sweep(twin, model, o.sweepLeads(), now, f);

            step.print("cold starts: %d fresh JVMs each, in turns...", o.coldStarts());
            long[] cold = ColdStart.measure(twin, functionsJar, naiveJar, probeJar, o.coldStarts());
            f.put("cold_start_ms", cold[0]);
            f.put("cold_start_baseline_ms", cold[1]);
        }
        f.put("functions_jar_bytes", Files.size(functionsJar));
        f.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), "os",
                System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        f.putAll(Cost.perMillion(f));
        f.putAll(Cost.naivePerMillion(f));
        f.put("cost_per_million_events_usd", Cost.perMillionEvents(f));
        return f;
    }

    /**
     * The traffic mix through the API: throughput, latencies, handoffs, and the AWS requests each event cost. With a
     * warm-up mix, that one runs first on the same twin (its functions' JIT warms up, as a Lambda instance's does over
     * its life) and {@code warm} then resets the caller's tallies; every figure is of {@code mix} alone.
     */
    /**
     * The template's API throttle (250 requests/s, a burst of 500, by default) raised to 5,000 and 5,000, above
     * what the benchmark's 8 senders reach: the load measures the pipeline, not the stage's rate limit. At 1,000
     * events/s the senders post about 185 requests/s over the run, faster while they post; at the default one such
     * run had 156 requests not accepted.
     */
    static TwinOptions unthrottled(TwinOptions options) {
        return options.withParameter("ApiThrottleRateLimit", "5000").withParameter("ApiThrottleBurstLimit", "5000");
    }

    static E2eRun.Result underLoad(RunningTwin twin, TrafficMix warmUp, Runnable warm, TrafficMix mix, String secret,
                                   Map<String, Object> f) throws Exception {
        if (warmUp != null) {
            E2eRun.Result w = E2eRun.run(twin, warmUp, secret, 8);
            if (w.non202() > 0) {
                throw new IllegalStateException(w.refusals(" of the warm-up"));
            }
            twin.awaitIdle(Duration.ofSeconds(60));
            f.put("warm_up_events", warmUp.events());
            f.put("e2e_warm_up_events_per_second", Math.round(warmUp.events() / (w.millisToScored() / 1000.0)));
        } else {
            f.put("warm_up_events", 0);
        }
        warm.run();
        Map<String, Map<String, Number>> before = new HashMap<>();
        for (String fn : COUNTED_FUNCTIONS) {
            before.put(fn, Map.copyOf(twin.functionUsage(fn)));
        }
        Map<String, Number> twinBefore = twin.clients().usage().totals();
        CpuSplit cpu = CpuSplit.start();
        E2eRun.Result e2e = E2eRun.run(twin, mix, secret, 8);
        f.put("e2e_cpu_ms_per_1k_events", Math.round(cpu.processMillis() * 1000.0 / mix.events()));
        f.put("e2e_cpu_share", cpu.shares());
        if (e2e.non202() > 0) {
            throw new IllegalStateException(e2e.refusals(""));
        }
        f.put("e2e_events_per_second", Math.round(mix.events() / (e2e.millisToScored() / 1000.0)));
        f.put("ingest_p50_ms", round(percentile(e2e.latenciesMicros(), 50) / 1000.0));
        f.put("ingest_p99_ms", round(percentile(e2e.latenciesMicros(), 99) / 1000.0));
        long[] handoffs = e2e.handoffMillis().stream().mapToLong(Long::longValue).sorted().toArray();
        f.put("handoffs_under_load", handoffs.length);
        f.put("handoff_p99_under_load_ms", handoffs.length == 0 ? null : percentile(handoffs, 99));

        twin.awaitIdle(Duration.ofSeconds(60)); // the lifecycle function's funnel counts trail the scoring
        Map<String, Number> usage = new HashMap<>();
        Map<String, Number> lifecycle = new HashMap<>();
        // the lifecycle function's writes are the funnel counters: part of the cost per event
        for (String fn : COUNTED_FUNCTIONS) {
            Map<String, Number> after = twin.functionUsage(fn);
            for (String key : after.keySet()) {
                Number d = SweepBench.delta(before.get(fn), after, key);
                usage.merge(key, d, (a, b) -> a.doubleValue() + b.doubleValue());
                if (fn.equals("LifecycleFunction")) {
                    lifecycle.put(key, d);
                }
            }
        }
        Map<String, Number> twinAfter = twin.clients().usage().totals();
        double events = mix.events();
        f.put("dynamodb_write_requests_per_event", round4(sum(usage, "DynamoDB.", List.of("UpdateItem", "PutItem",
                "TransactWriteItems", "BatchWriteItem", "DeleteItem")) / events));
        f.put("dynamodb_read_requests_per_event", round4(sum(usage, "DynamoDB.", List.of("GetItem", "BatchGetItem",
                "Query", "Scan")) / events));
        f.put("dynamodb_wcu_per_event", round4(usage.getOrDefault("DynamoDB.writeUnits", 0).doubleValue() / events));
        f.put("index_wcu_per_event", round4(usage.getOrDefault("DynamoDB.indexWriteUnits", 0).doubleValue() / events));
        f.put("s3_put_requests_per_event", round4(usage.getOrDefault("S3.PutObject", 0).doubleValue() / events));
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
        f.putAll(FunnelCost.of(twin.clients().dynamo(), twin.tableName("LeadsTable"),
                twin.functionUsage("LifecycleFunction"), lifecycle, events));
        return e2e;
    }

    /** The sweep over a bulk-loaded table of its own, 1 % of the leads due. */
    private static void sweep(RunningTwin twin, ScoringModel model, int leads, Instant now, Map<String, Object> f)
            throws Exception {
        AwsUsage sweepUsage = new AwsUsage();
        DynamoDbClient counted = BenchTables.client(twin.dynamoEndpoint(), sweepUsage);
        String table = twin.tableName("LeadsTable") + "-sweepbench";
        BenchTables.createLike(twin, table);
        SweepBench.Result sweep = SweepBench.run(counted, sweepUsage, twin.clients().dynamo(), table, new LeadScorer(model),
                leads, now);
        f.put("sweep_leads", sweep.leads());
        f.put("sweep_due", sweep.due());
        f.put("sweep_items_read_per_due_lead", round4((double) sweep.itemsRead() / Math.max(1, sweep.due())));
        f.put("sweep_rcu_per_due_lead", round4(sweep.readUnits() / Math.max(1, sweep.due())));
        f.put("sweep_ms", sweep.millis());
    }
}
