package io.mqlengine.lifecycle;

import io.mqlengine.config.Env;
import io.mqlengine.scoring.ScoringModel;
import java.util.List;
import java.util.Map;

/**
 * The lifecycle function's configuration: the bus it puts events on, the model (for the SLA's length), and the leads
 * table (where the funnel's counter items live).
 */
public record LifecycleConfig(String busName, ScoringModel model, String table) {
    public static final List<String> VARIABLES = List.of("LIFECYCLE_BUS_NAME", "SCORING_MODEL_FILE", "LEADS_TABLE",
            "AWS_REGION");

    public static LifecycleConfig from(Map<String, String> env) {
        Env e = new Env(env);
        return new LifecycleConfig(e.required("LIFECYCLE_BUS_NAME", "name of the EventBridge bus for lifecycle events"),
                e.scoringModel("SCORING_MODEL_FILE"), e.required("LEADS_TABLE", "name of the leads table"));
    }
}
