package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.EventCodec;
import io.mqlengine.json.Json;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.WhatIf;
import io.mqlengine.service.WhatIfReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The what-if replay's speed: the benchmark's traffic mix (duplicates included, as an archive holds retried batches)
 * spread over four weeks, replayed under the live model and a candidate with a lower MQL threshold. One warm-up run,
 * then one timed run, from archived events in memory to the report.
 */
public final class WhatIfBench {
    /** The figure's size: a replay of 100,000 archived events. */
    public static final int EVENTS = 100_000;
    static final int PEOPLE = 20_000;
    static final Duration SPAN = Duration.ofDays(28);

    private WhatIfBench() {
    }

    /** Seconds for the timed run, archived events per second, and what the run found. */
    public record Figure(double seconds, long eventsPerSecond, WhatIfReport report) {
    }

    public static Figure measure(Path modelFile, int events, long seed, Instant end) throws IOException {
        String text = Files.readString(modelFile);
        ScoringModel live = ScoringModelLoader.parse(text, modelFile.toString());
        ObjectNode doc = (ObjectNode) Json.read(text);
        doc.put("modelVersion", "bench-candidate");
        ((ObjectNode) doc.get("mql")).put("threshold", 80);
        ScoringModel candidate = ScoringModelLoader.parse(doc.toString(), "bench candidate");
        List<TrackingEvent> archived = archived(TrafficMix.generate(events, PEOPLE, seed, end, SPAN));
        WhatIf whatIf = new WhatIf("benchmark-lead-id-secret", WhatIf.DEFAULT_SWEEP_EVERY);
        whatIf.run(live, candidate, archived::forEach, null);
        long started = System.nanoTime();
        WhatIfReport r = whatIf.run(live, candidate, archived::forEach, null);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Figure(Math.round(seconds * 100) / 100.0, Math.round(archived.size() / seconds), r);
    }

    /** The mix's deliveries as an archive holds them: a duplicated request's events twice. */
    private static List<TrackingEvent> archived(TrafficMix mix) {
        List<TrackingEvent> out = new ArrayList<>();
        for (TrafficMix.Request q : mix.requests()) {
            for (int copy = 0; copy < (q.duplicated() ? 2 : 1); copy++) {
                for (ObjectNode e : q.events()) {
                    out.add(EventCodec.fromJson(e));
                }
            }
        }
        return out;
    }
}
