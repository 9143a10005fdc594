package io.mqlengine.lead;

import io.mqlengine.config.Env;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.ScoringModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The lead API function's configuration, read once from the environment. {@code tombstoneKept}: the dedupe horizon
 * from {@code MAX_EVENT_AGE} (P7D when unset), how long an erased person's events may still arrive.
 */
public record LeadApiConfig(String table, String leadIdSecret, ScoringModel model, Duration tombstoneKept) {
    public static final List<String> VARIABLES = List.of("LEADS_TABLE", "LEAD_ID_SECRET", "SCORING_MODEL_FILE",
            "MAX_EVENT_AGE", "AWS_REGION");

    public static LeadApiConfig from(Map<String, String> env) {
        Env e = new Env(env);
        String table = e.required("LEADS_TABLE", "name of the leads table");
        String secret = e.secret("LEAD_ID_SECRET", "secret key for lead ids", 16);
        e.required("AWS_REGION", "AWS region of the leads table");
        // an erased person's tombstone lasts as long as one of their events may still be scored
        Duration maxAge = e.get("MAX_EVENT_AGE") == null ? Duration.ofDays(7)
                : e.duration("MAX_EVENT_AGE", "oldest event timestamp ingest accepts");
        return new LeadApiConfig(table, secret, e.scoringModel("SCORING_MODEL_FILE"), LeadScorer.dedupeHorizon(maxAge));
    }
}
