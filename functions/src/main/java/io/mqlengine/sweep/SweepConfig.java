package io.mqlengine.sweep;

import io.mqlengine.config.Env;
import io.mqlengine.scoring.ScoringModel;
import java.util.List;
import java.util.Map;

/** The sweep function's configuration, read once from the environment. */
public record SweepConfig(String table, ScoringModel model) {
    public static final List<String> VARIABLES = List.of("LEADS_TABLE", "SCORING_MODEL_FILE", "AWS_REGION");

    public static SweepConfig from(Map<String, String> env) {
        Env e = new Env(env);
        return new SweepConfig(e.required("LEADS_TABLE", "name of the leads table"), e.scoringModel("SCORING_MODEL_FILE"));
    }
}
