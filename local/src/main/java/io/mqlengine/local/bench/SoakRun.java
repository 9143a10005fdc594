package io.mqlengine.local.bench;

import io.mqlengine.identity.LeadIds;
import io.mqlengine.local.LocalTwin;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.local.TwinOptions;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code bench --soak MINUTES}: runs the real template on the local twin, posts {@link SoakTraffic} to its ingest API
 * for MINUTES, waits until everything accepted is scored, then checks that every accepted event was applied exactly
 * once ({@link SoakCheck}: each lead's state in the table against {@link SoakReplay}) and that nothing was
 * dead-lettered. Prints a table, writes the figures as JSON. Exit code 0 when all is well, 3 when the check found
 * events lost, counted twice or dead-lettered (or the twin never drained), 2 for a bad command line, 1 when the soak
 * itself failed.
 */
final class SoakRun {
    static final Duration SETUP_DEADLINE = Duration.ofMinutes(2);
    /** Long enough for a message that failed to come back after the events queue's visibility timeout, five times. */
    static final Duration DRAIN_DEADLINE = Duration.ofMinutes(16);

    private SoakRun() {
    }

    static int run(String[] args) {
        SoakOptions o;
        try {
            o = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SoakOptions.USAGE);
            return 2;
        }
        Map<String, Object> figures = FiguresRun.run(o.out(), progress -> measure(o, progress), SoakReport::print,
                "the soak could not run");
        if (figures == null) {
            return 1;
        }
        if (!Boolean.TRUE.equals(figures.get("exactly_once"))) {
            System.err.println("the soak failed: " + SoakReport.verdict(figures));
            return 3;
        }
        return 0;
    }

    static Map<String, Object> measure(SoakOptions o, PrintStream out) throws Exception {
        Path root = FiguresRun.root();
        Path template = root.resolve("template.yaml");
        for (Path p : List.of(template, root.resolve("functions/target/mql-functions.jar"))) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: run the soak from the repository root after "
                        + "`mvn -B -DskipTests package`");
            }
        }
        ScoringModel model = ScoringModelLoader.load(root.resolve("model/scoring-model.json"));
        long started = System.nanoTime();
        Consumer<String> step = line -> out.printf("[%4d s] %s%n", (System.nanoTime() - started) / 1_000_000_000L, line);
        Duration posting = Duration.ofMillis(Math.round(o.minutes() * 60_000));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("minutes", o.minutes());
        f.put("seed", o.seed());
        f.put("leads", o.leads());
        f.put("rate_per_second", o.rate());

        step.accept("starting the local twin on " + template + "...");
        try (RunningTwin twin = LocalTwin.start(TwinOptions.of(template).withPort(0).withOutput(line -> { }))) {
            String secret = twin.plan().functions().get("ScoreFunction").environment().get("LEAD_ID_SECRET");
            SoakTally tally = new SoakTally();
            SoakClient client = new SoakClient(URI.create(twin.apiUrl() + "/v1/events"), tally);
            SoakTraffic traffic = new SoakTraffic(model, o.leads(), o.seed(), twin.writeKey(), twin.clock(), posting);
            List<SoakRequest> identifies = traffic.identifies();
            step.accept(String.format("identifying %d of %d leads...", identifies.size(), o.leads()));
            identify(twin, client, identifies);
            f.put("identified_leads", identifies.size());

            step.accept(String.format("posting for %.1f minutes: %.0f requests/s, a burst of %d x %d every %d s...",
                    o.minutes(), o.rate(), SoakTraffic.BURST_CLIENTS, SoakTraffic.BURST_REQUESTS_PER_CLIENT,
                    SoakLoad.BURST_EVERY.toSeconds()));
            long postingStarted = System.nanoTime();
            new SoakLoad(traffic, client, tally, o.rate(), () -> SoakQueues.eventsWaiting(twin), step).run(posting);
            f.put("posting_seconds", Figures.round((System.nanoTime() - postingStarted) / 1e9));

            step.accept("posting stopped; waiting for the twin to drain...");
            double drained = SoakDrain.await(twin, DRAIN_DEADLINE, step);
            f.put("drained", drained >= 0);
            f.put("drain_seconds", drained >= 0 ? Figures.round(drained) : null);

            Instant at = twin.clock().instant();
            step.accept(String.format("checking %d unique accepted events against the table...", tally.uniqueEvents().size()));
            SoakCheck.Result check = check(twin, traffic, model, secret, tally, at);
            Map<String, Long> dead = SoakQueues.deadLettered(twin);
            figures(f, tally, check, dead);
        }
        return f;
    }

    /** The identifies go first, and are scored before the soak, so that the leads' later events find them linked. */
    private static void identify(RunningTwin twin, SoakClient client, List<SoakRequest> identifies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SoakLoad.SENDERS);
        try {
            List<Future<Boolean>> sent = new ArrayList<>();
            identifies.forEach(q -> sent.add(pool.submit(() -> client.send(q))));
            for (Future<Boolean> s : sent) {
                s.get();
            }
        } finally {
            pool.shutdown();
        }
        if (!twin.awaitIdle(SETUP_DEADLINE)) {
            throw new IllegalStateException("the identifies were not scored within " + SETUP_DEADLINE + ": " + twin.waitingOn());
        }
    }

    private static SoakCheck.Result check(RunningTwin twin, SoakTraffic traffic, ScoringModel model, String secret,
                                          SoakTally tally, Instant at) {
        Map<LeadKey, LeadState> replayed = SoakReplay.replay(tally.uniqueEvents(), model, secret, at);
        LeadIds ids = new LeadIds(secret);
        Set<LeadKey> keys = new LinkedHashSet<>(replayed.keySet());
        for (SoakLead lead : traffic.leads()) {
            keys.add(LeadKey.anonymous(lead.anonymousId()));
            if (lead.email() != null) {
                keys.add(LeadKey.lead(ids.forEmail(lead.email())));
            }
        }
        Map<LeadKey, Stored> stored = new DynamoLeadStore(twin.clients().dynamo(), twin.tableName("LeadsTable"),
                Duration.ofDays(1)).load(keys, true);
        Map<String, SoakCheck.Figures> expected = new HashMap<>();
        replayed.forEach((key, state) -> expected.put(key.pk(), SoakCheck.Figures.of(state, at)));
        Map<String, SoakCheck.Figures> actual = new HashMap<>();
        stored.forEach((key, s) -> {
            if (s instanceof Stored.Lead lead) {
                actual.put(key.pk(), SoakCheck.Figures.of(lead.state(), at));
            }
        });
        return SoakCheck.compare(expected, actual);
    }

    private static void figures(Map<String, Object> f, SoakTally tally, SoakCheck.Result check, Map<String, Long> dead) {
        f.put("requests_sent", tally.requestsSent.sum());
        f.put("accepted_requests", tally.acceptedRequests.sum());
        f.put("accepted_events", tally.acceptedEvents.sum());
        f.put("unique_events", tally.uniqueEvents().size());
        f.put("retries_sent", tally.retriesSent.sum());
        f.put("duplicates_sent", tally.duplicatesSent.sum());
        f.put("bursts", tally.bursts.sum());
        f.put("burst_requests", tally.burstRequests.sum());
        f.put("client_resends", tally.clientResends.sum());
        f.put("not_accepted", tally.notAcceptedByStatus());
        f.put("refused_requests", tally.refusedRequests.sum());
        f.put("unresolved_requests", tally.unresolvedRequests.sum());
        f.put("leads_checked", check.leadsCompared());
        f.put("leads_differing", check.leadsDiffering());
        f.put("lost", check.lost());
        f.put("double_counted", check.doubleCounted());
        f.put("score_mismatches", check.scoreMismatches());
        long deadLettered = dead.values().stream().mapToLong(Long::longValue).sum();
        f.put("dead_lettered", deadLettered);
        f.put("dead_lettered_by_queue", dead);
        f.put("differences", check.examples());
        f.put("exactly_once", check.clean() && deadLettered == 0 && Boolean.TRUE.equals(f.get("drained")));
    }
}
