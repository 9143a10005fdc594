package io.mqlengine.handoff;

import io.mqlengine.config.Env;
import io.mqlengine.scoring.ScoringModel;
import java.util.List;
import java.util.Map;

/** The handoff function's configuration, read once from the environment. */
public record HandoffConfig(String table, String handoffQueueUrl, ScoringModel model) {
    public static final List<String> VARIABLES = List.of("LEADS_TABLE", "HANDOFF_QUEUE_URL", "SCORING_MODEL_FILE",
            "AWS_REGION");

    public static HandoffConfig from(Map<String, String> env) {
        Env e = new Env(env);
        return new HandoffConfig(e.required("LEADS_TABLE", "name of the leads table"),
                e.required("HANDOFF_QUEUE_URL", "URL of the FIFO handoff queue"), e.scoringModel("SCORING_MODEL_FILE"));
    }
}
