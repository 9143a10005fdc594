package io.mqlengine.score;

import io.mqlengine.config.ConfigException;
import io.mqlengine.config.Env;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.store.DynamoLeadStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The score function's configuration, read once from the environment. {@code dedupeHorizon}: how long a lead
 * remembers the events it applied, from {@code MAX_EVENT_AGE} (the ingest function's horizon; P7D when unset).
 * {@code archiveBucket}: the S3 bucket of the event archive, from {@code ARCHIVE_BUCKET}; empty when the archive is off.
 */
public record ScoreConfig(String table, String leadIdSecret, ScoringModel model, List<String> queueUrls,
                          Duration dedupeHorizon, Optional<String> archiveBucket) {
    public static final List<String> VARIABLES = List.of("LEADS_TABLE", "LEAD_ID_SECRET", "SCORING_MODEL_FILE",
            "EVENTS_QUEUE_URL", "HAND_RAISER_QUEUE_URL", "MAX_EVENT_AGE", "AWS_REGION", "ARCHIVE_BUCKET");

    public static ScoreConfig from(Map<String, String> env) {
        Env e = new Env(env);
        String table = e.required("LEADS_TABLE", "name of the leads table");
        String secret = e.secret("LEAD_ID_SECRET", "secret key for lead ids", 16);
        List<String> queues = List.of(e.required("EVENTS_QUEUE_URL", "URL of the events queue"),
                e.required("HAND_RAISER_QUEUE_URL", "URL of the hand-raiser events queue"));
        Duration maxAge = e.get("MAX_EVENT_AGE") == null ? Duration.ofDays(7)
                : e.duration("MAX_EVENT_AGE", "oldest event timestamp ingest accepts");
        Duration horizon = LeadScorer.dedupeHorizon(maxAge);
        if (horizon.compareTo(DynamoLeadStore.OVERFLOW_KEPT) > 0) {
            throw new ConfigException("environment variable MAX_EVENT_AGE must be at most "
                    + DynamoLeadStore.OVERFLOW_KEPT.minus(horizon.minus(maxAge)) + ", was " + maxAge
                    + ": event ids are remembered that long plus the queue's retention");
        }
        String bucket = e.get("ARCHIVE_BUCKET");
        return new ScoreConfig(table, secret, e.scoringModel("SCORING_MODEL_FILE"), queues, horizon,
                bucket == null || bucket.isBlank() ? Optional.empty() : Optional.of(bucket));
    }
}
