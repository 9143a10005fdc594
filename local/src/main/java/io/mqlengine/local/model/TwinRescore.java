package io.mqlengine.local.model;

import io.mqlengine.archive.ArchiveKeys;
import io.mqlengine.archive.S3EventSource;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.RescoreService;
import io.mqlengine.store.DynamoLeadStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The twin's re-scoring after a model reload that changed the model version, as the template's ModelRescore resource
 * does on a deployment: {@link RescoreService} over the archive bucket (through the S3 endpoint) and the leads table
 * of the function that archives (the one whose environment names {@code ARCHIVE_BUCKET}), on a background thread.
 * Its latest progress is kept for {@code GET /_twin/rescore} and logged as {@code rescore} lines.
 */
public final class TwinRescore implements AutoCloseable {
    private final Optional<FunctionPool> scorer;
    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final Clock clock;
    private final JsonLines log;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "twin-rescore");
        t.setDaemon(true);
        return t;
    });
    private volatile RescoreService.Progress latest;

    public TwinRescore(Map<String, FunctionPool> pools, DynamoDbClient dynamo, S3Client s3, Clock clock, JsonLines log) {
        this.scorer = pools.values().stream().filter(p -> notBlank(p.plan().environment().get("ARCHIVE_BUCKET"))).findFirst();
        this.dynamo = dynamo;
        this.s3 = s3;
        this.clock = clock;
        this.log = log;
    }

    /** Starts a run under the archiving function's current model; the answer to put in the reload's body. */
    public synchronized Map<String, Object> start() {
        if (scorer.isEmpty() || s3 == null) {
            return Map.of("started", false, "message", "no function archives events (the template's EventArchive is off): "
                    + "nothing to re-score from");
        }
        if (latest != null && !latest.state().equals("done") && !latest.state().equals("failed")) {
            return Map.of("started", false, "message", "a re-scoring is running (" + latest.state() + ")");
        }
        Map<String, String> env = scorer.get().environment();
        ScoringModel model = ScoringModelLoader.load(Path.of(env.get(LiveModels.VARIABLE)));
        Duration maxAge = notBlank(env.get("MAX_EVENT_AGE")) ? Duration.parse(env.get("MAX_EVENT_AGE")) : Duration.ofDays(7);
        RescoreService service = new RescoreService(new S3EventSource(s3, env.get("ARCHIVE_BUCKET"), ArchiveKeys.PREFIX),
                new DynamoLeadStore(dynamo, env.get("LEADS_TABLE"), model.staleAfter()), model,
                new LeadScorer(model, LeadScorer.dedupeHorizon(maxAge)), new LeadIds(env.get("LEAD_ID_SECRET")), clock,
                this::progressed);
        latest = new RescoreService.Progress(model.version(), "queued", 0, 0, 0, 0, 0, 0, clock.instant(), null, null);
        runner.submit(service::run);
        return Map.of("started", true, "modelVersion", model.version(), "progress", "GET /_twin/rescore");
    }

    /** The latest run's progress, or empty before the first. */
    public Optional<Map<String, Object>> progress() {
        RescoreService.Progress p = latest;
        return p == null ? Optional.empty() : Optional.of(fields(p));
    }

    private void progressed(RescoreService.Progress p) {
        latest = p;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "rescore");
        line.putAll(fields(p));
        log.emit(line);
    }

    private static Map<String, Object> fields(RescoreService.Progress p) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("modelVersion", p.modelVersion());
        f.put("state", p.state());
        f.put("events", p.events());
        f.put("leads", p.leads());
        f.put("leadsDone", p.leadsDone());
        f.put("written", p.written());
        f.put("qualified", p.qualified());
        f.put("skipped", p.skipped());
        f.put("startedAt", String.valueOf(p.startedAt()));
        f.put("finishedAt", p.finishedAt() == null ? null : p.finishedAt().toString());
        f.put("error", p.error());
        return f;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
