package io.mqlengine.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Where the time of the load run goes, from the twin's invoke lines: for each mapping (function, trigger, template
 * event) how long its invocations ran, how long they waited for a free instance, and for a queue's mapping how old
 * the oldest message of a batch was when the function started and how long the batch was gathered.
 */
final class StageTimes implements Consumer<String> {
    /** The figures of one mapping's invocations, in arrival order. */
    private static final class Mapping {
        final List<Long> duration = new ArrayList<>();
        final List<Long> wait = new ArrayList<>();
        final List<Long> age = new ArrayList<>();
        final List<Long> window = new ArrayList<>();
        final List<Long> records = new ArrayList<>();
        final List<Long> bytes = new ArrayList<>();
    }

    private final Map<String, Mapping> mappings = new TreeMap<>();
    private volatile boolean recording = true;

    @Override
    public void accept(String line) {
        if (!recording || !line.startsWith("{\"event\":\"invoke\"")) {
            return;
        }
        JsonNode n = Json.read(line);
        String key = key(n.path("function").asText(), n.path("trigger").asText(), n.path("source").asText(null));
        synchronized (this) {
            Mapping m = mappings.computeIfAbsent(key, k -> new Mapping());
            m.duration.add(n.path("durationMs").asLong());
            m.wait.add(n.path("waitMs").asLong());
            m.records.add(n.path("records").asLong());
            if (n.has("oldestAgeMs")) {
                m.age.add(n.path("oldestAgeMs").asLong());
                m.window.add(n.path("windowMs").asLong());
                m.bytes.add(n.path("bytes").asLong());
            }
        }
    }

    /** Forgets what was recorded so far (a warm-up's invocations). */
    synchronized void reset() {
        mappings.clear();
    }

    /** Stops recording: the figures cover what was invoked until now. */
    void stop() {
        recording = false;
    }

    static String key(String function, String trigger, String source) {
        return function + (source == null ? "" : "." + source) + " (" + trigger + ")";
    }

    /**
     * The stages of the load run as flat figures: the API's ingest function, the events queue's wait and the score
     * batches, the hand-raiser queue, the handoff function; and each handoff's time split at its qualification.
     */
    Map<String, Object> figures(E2eRun.Result e2e) {
        Map<String, Object> f = new LinkedHashMap<>();
        String ingest = key("IngestFunction", "http", null);
        String events = key("ScoreFunction", "sqs", "Events");
        String raisers = key("ScoreFunction", "sqs", "HandRaisers");
        String handoff = key("HandoffFunction", "dynamodb", null);
        f.put("e2e_stage_ingest_ms_p50", figure(ingest, "duration_ms_p50"));
        f.put("e2e_stage_ingest_ms_p99", figure(ingest, "duration_ms_p99"));
        f.put("e2e_stage_ingest_wait_ms_p99", figure(ingest, "wait_ms_p99"));
        f.put("e2e_stage_events_queue_age_ms_p50", figure(events, "oldest_age_ms_p50"));
        f.put("e2e_stage_events_queue_age_ms_p99", figure(events, "oldest_age_ms_p99"));
        f.put("e2e_stage_score_window_ms_p50", figure(events, "window_ms_p50"));
        f.put("e2e_stage_score_wait_ms_p99", figure(events, "wait_ms_p99"));
        f.put("e2e_stage_score_ms_p50", figure(events, "duration_ms_p50"));
        f.put("e2e_stage_score_ms_p99", figure(events, "duration_ms_p99"));
        f.put("e2e_stage_score_batch_messages_mean", figure(events, "records_mean"));
        f.put("e2e_stage_score_batches", figure(events, "invocations"));
        f.put("e2e_stage_hand_raiser_queue_age_ms_p99", figure(raisers, "oldest_age_ms_p99"));
        f.put("e2e_stage_hand_raiser_score_ms_p99", figure(raisers, "duration_ms_p99"));
        f.put("e2e_stage_handoff_fn_ms_p99", figure(handoff, "duration_ms_p99"));
        // null, like handoff_p99_under_load_ms, when no lead qualified during the load
        boolean any = !e2e.qualifiedToHandoffMillis().isEmpty();
        f.put("e2e_stage_accept_to_qualified_ms_p50", any ? p(e2e.acceptedToQualifiedMillis(), 50) : null);
        f.put("e2e_stage_accept_to_qualified_ms_p99", any ? p(e2e.acceptedToQualifiedMillis(), 99) : null);
        f.put("e2e_stage_qualified_to_handoff_ms_p50", any ? p(e2e.qualifiedToHandoffMillis(), 50) : null);
        f.put("e2e_stage_qualified_to_handoff_ms_p99", any ? p(e2e.qualifiedToHandoffMillis(), 99) : null);
        return f;
    }

    /** Every mapping's figures, for the JSON's {@code stages} object. */
    synchronized Map<String, Object> detail() {
        Map<String, Object> out = new LinkedHashMap<>();
        mappings.forEach((key, m) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("invocations", m.duration.size());
            f.put("records_mean", Figures.round(m.records.stream().mapToLong(Long::longValue).average().orElse(0)));
            f.put("records_p50", p(m.records, 50));
            f.put("duration_ms_p50", p(m.duration, 50));
            f.put("duration_ms_p99", p(m.duration, 99));
            f.put("wait_ms_p50", p(m.wait, 50));
            f.put("wait_ms_p99", p(m.wait, 99));
            if (!m.age.isEmpty()) {
                f.put("oldest_age_ms_p50", p(m.age, 50));
                f.put("oldest_age_ms_p99", p(m.age, 99));
                f.put("window_ms_p50", p(m.window, 50));
                f.put("window_ms_p99", p(m.window, 99));
                f.put("batch_bytes_p99", p(m.bytes, 99));
            }
            out.put(key, f);
        });
        return out;
    }

    /** The figure {@code stat} (e.g. duration_ms_p99) of one mapping, or null when it never ran. */
    @SuppressWarnings("unchecked")
    Object figure(String mapping, String stat) {
        Object m = detail().get(mapping);
        return m == null ? null : ((Map<String, Object>) m).get(stat);
    }

    private static long p(List<Long> values, int percentile) {
        return Figures.percentile(values.stream().mapToLong(Long::longValue).sorted().toArray(), percentile);
    }
}
