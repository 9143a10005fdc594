package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.json.EventCodec;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.service.ScoreService;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.store.InMemoryLeadStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The scoring path in one thread: identity resolution, the scoring core and the store's conditional
 * writes (in memory), on batches of 100 deliveries as the events queue hands them over. One thread is one
 * core, so events per second here is events per second per core.
 */
public final class ScoringBench {
    static final int BATCH = 100;

    private ScoringBench() {
    }

    static final int ROUNDS = 5;
    private static final String ANSWER = "score_events_per_second_per_core ";

    /** The figure and the JIT it was measured under ({@link JvmRegime#jit}). */
    record Figure(double eventsPerSecond, String jit) {
    }

    /**
     * {@link #eventsPerSecondPerCore} in a fresh JVM with HotSpot's default JIT (C1 and C2), whatever flags this JVM
     * runs with: the twin's JVM runs C1 only (docs/decisions.md), and the scoring figure keeps measuring the path
     * compiled as a long-running score function compiles it. The mix is generated again from the same sizes and seed.
     */
    static Figure inFreshJvm(int events, int leads, long seed, Instant now, Path model, Duration warmUp)
            throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(javaBin, "-cp", System.getProperty("java.class.path"), ScoringBench.class.getName(),
                String.valueOf(events), String.valueOf(leads), String.valueOf(seed), String.valueOf(now.getEpochSecond()),
                model.toAbsolutePath().toString(), String.valueOf(warmUp.toMillis()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Figure figure = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith(ANSWER)) {
                    String[] parts = line.substring(ANSWER.length()).split(" ", 2);
                    figure = new Figure(Double.parseDouble(parts[0]), parts[1]);
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || figure == null) {
            p.destroyForcibly();
            throw new IllegalStateException("the scoring benchmark's JVM failed: " + output);
        }
        return figure;
    }

    /** The fresh JVM of {@link #inFreshJvm}: events leads seed now-epoch-seconds model-path warm-up-millis. */
    public static void main(String[] args) {
        Instant now = Instant.ofEpochSecond(Long.parseLong(args[3]));
        TrafficMix mix = TrafficMix.generate(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2]),
                now, Duration.ofHours(6));
        double rate = eventsPerSecondPerCore(mix, ScoringModelLoader.load(Path.of(args[4])), now,
                Duration.ofMillis(Long.parseLong(args[5])));
        System.out.println(ANSWER + Math.round(rate) + " " + JvmRegime.figures().get("jvm_jit"));
    }

    /**
     * Events (deliveries) per second per core: warm-up passes for {@code warmUp} (until the JIT has compiled the
     * path: about ten seconds here), then the median of five timed passes, each on a fresh store so every pass
     * does the same work.
     */
    public static double eventsPerSecondPerCore(TrafficMix mix, ScoringModel model, Instant now, Duration warmUp) {
        List<List<ScoreService.Item>> batches = batches(mix);
        long warm = System.nanoTime() + warmUp.toNanos();
        do {
            run(batches, model, now);
        } while (System.nanoTime() < warm);
        double[] rates = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long started = System.nanoTime();
            if (run(batches, model, now) == 0) {
                throw new IllegalStateException("the scoring benchmark applied no events");
            }
            rates[i] = mix.deliveries() / ((System.nanoTime() - started) / 1e9);
        }
        Arrays.sort(rates);
        return rates[ROUNDS / 2];
    }

    /** Scores every batch; messages the service reports failed or busy join the next batch, as SQS returns them. */
    private static int run(List<List<ScoreService.Item>> batches, ScoringModel model, Instant now) {
        ScoreService service = new ScoreService(new InMemoryLeadStore(), new LeadScorer(model),
                new LeadIds("benchmark-lead-id-secret"), Clock.fixed(now, ZoneOffset.UTC));
        int applied = 0;
        List<ScoreService.Item> retries = new ArrayList<>();
        for (int i = 0; i < batches.size() || !retries.isEmpty(); i++) {
            List<ScoreService.Item> batch = new ArrayList<>(retries);
            if (i < batches.size()) {
                batch.addAll(batches.get(i));
            }
            ScoreService.Result r = service.score(batch);
            if (!r.errors().isEmpty()) {
                throw new IllegalStateException("in-memory scoring failed: " + r.errors());
            }
            retries = batch.stream().filter(item -> r.failedMessageIds().contains(item.messageId())
                    || r.busyMessageIds().contains(item.messageId())).toList();
            applied += r.eventsApplied();
        }
        return applied;
    }

    static List<List<ScoreService.Item>> batches(TrafficMix mix) {
        List<ScoreService.Item> all = new ArrayList<>();
        int n = 0;
        for (TrafficMix.Request q : mix.requests()) {
            for (int copy = 0; copy < (q.duplicated() ? 2 : 1); copy++) {
                for (ObjectNode e : q.events()) {
                    all.add(new ScoreService.Item("m" + n++, EventCodec.fromJson(e)));
                }
            }
        }
        List<List<ScoreService.Item>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BATCH) {
            batches.add(all.subList(i, Math.min(all.size(), i + BATCH)));
        }
        return batches;
    }
}
