package io.mqlengine.outcome;

import io.mqlengine.config.Env;
import io.mqlengine.scoring.ScoringModel;
import java.util.List;
import java.util.Map;

/** The outcomes consumer's configuration, read once from the environment. */
public record OutcomeConfig(String table, String leadIdSecret, ScoringModel model) {
    public static final List<String> VARIABLES = List.of("LEADS_TABLE", "LEAD_ID_SECRET", "SCORING_MODEL_FILE",
            "AWS_REGION");

    public static OutcomeConfig from(Map<String, String> env) {
        Env e = new Env(env);
        String table = e.required("LEADS_TABLE", "name of the leads table");
        String secret = e.secret("LEAD_ID_SECRET", "secret key for lead ids", 16);
        return new OutcomeConfig(table, secret, e.scoringModel("SCORING_MODEL_FILE"));
    }
}
