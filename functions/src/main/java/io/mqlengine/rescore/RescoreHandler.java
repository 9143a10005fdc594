package io.mqlengine.rescore;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.mqlengine.archive.ArchiveKeys;
import io.mqlengine.archive.S3EventSource;
import io.mqlengine.service.S3RescoreProgress;
import io.mqlengine.config.AwsClients;
import io.mqlengine.config.Env;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.observe.Log;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.service.RescoreService;
import io.mqlengine.store.DynamoLeadStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The ModelRescore custom resource: CloudFormation creates or updates it when a deployment carries a new model layer.
 * It answers CloudFormation at once (the deployment never waits for, nor fails on, a re-scoring), then, in the same
 * invocation, re-scores every lead with archived events under the model it runs with ({@link RescoreService}), unless
 * the last finished run was of this model version already. Progress goes to log lines and the archive bucket's
 * {@code rescore/progress.json}. A Delete is answered and does nothing.
 */
public final class RescoreHandler implements RequestHandler<Map<String, Object>, String> {
    /** The variables it reads (MAX_EVENT_AGE optional); the template must set the others. */
    public static final List<String> VARIABLES = List.of("LEADS_TABLE", "ARCHIVE_BUCKET", "LEAD_ID_SECRET",
            "SCORING_MODEL_FILE");

    private final Supplier<RescoreService> service;
    private final S3RescoreProgress progress;
    private final String modelVersion;
    private final BiConsumer<Map<String, Object>, String> answer;

    public RescoreHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public RescoreHandler(Map<String, String> env, Clock clock) {
        this(env, new AwsClients(env), clock);
    }

    private RescoreHandler(Map<String, String> env, AwsClients clients, Clock clock) {
        Env e = new Env(env);
        String table = e.required("LEADS_TABLE", "name of the leads table");
        String bucket = e.required("ARCHIVE_BUCKET", "the event archive's bucket");
        LeadIds ids = new LeadIds(e.secret("LEAD_ID_SECRET", "secret key for lead ids", 16));
        ScoringModel model = e.scoringModel("SCORING_MODEL_FILE");
        Duration maxAge = e.get("MAX_EVENT_AGE") == null ? Duration.ofDays(7)
                : e.duration("MAX_EVENT_AGE", "oldest event timestamp ingest accepts");
        var s3 = clients.s3();
        this.progress = new S3RescoreProgress(s3, bucket);
        this.modelVersion = model.version();
        this.service = () -> new RescoreService(new S3EventSource(s3, bucket, ArchiveKeys.PREFIX),
                new DynamoLeadStore(clients.dynamo(), table, model.staleAfter()), model,
                new LeadScorer(model, LeadScorer.dedupeHorizon(maxAge)), ids, clock, progress);
        this.answer = (request, reason) -> CloudFormationResponse.send(request, true, reason);
    }

    /** For tests: the service, where progress is kept, the model version, and how CloudFormation is answered. */
    public RescoreHandler(Supplier<RescoreService> service, S3RescoreProgress progress, String modelVersion,
                          BiConsumer<Map<String, Object>, String> answer) {
        this.service = service;
        this.progress = progress;
        this.modelVersion = modelVersion;
        this.answer = answer;
    }

    @Override
    public String handleRequest(Map<String, Object> request, Context context) {
        String type = String.valueOf(request.get("RequestType"));
        if (type.equals("Delete")) {
            answer.accept(request, "nothing to delete");
            return "deleted";
        }
        try {
            Optional<String> done = progress.lastDone();
            if (done.isPresent() && done.get().equals(modelVersion)) {
                answer.accept(request, "model " + modelVersion + " was re-scored already");
                Log.event("rescore.skipped", Map.of("modelVersion", modelVersion, "reason", "re-scored already"));
                return "unchanged";
            }
        } catch (RuntimeException e) {
            // the deployment must not wait an hour for an answer: say so, and re-score anyway
            Log.event("rescore.error", Map.of("reason", "cannot read " + S3RescoreProgress.KEY + ": " + e));
        }
        answer.accept(request, "re-scoring under model " + modelVersion + " continues in the background; see "
                + S3RescoreProgress.KEY + " in the archive bucket");
        RescoreService.Progress p = service.get().run();
        return p.state();
    }
}
