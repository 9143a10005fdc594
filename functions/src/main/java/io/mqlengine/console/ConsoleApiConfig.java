package io.mqlengine.console;

import io.mqlengine.config.ConfigException;
import io.mqlengine.config.Env;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.service.HealthApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console API function's configuration, read once from the environment: the leads table (its funnel counters),
 * the model file, the queues the health
 * page shows ({@code QUEUES}: {@code name=url,...}) and the template's alarms with the queue each watches
 * ({@code ALARMED_QUEUES}: {@code AlarmLogicalId=url,...}), the lead id secret and the event archive's bucket (what-if;
 * {@code ARCHIVE_BUCKET}, unset when the deployment keeps no archive).
 */
public record ConsoleApiConfig(String table, String modelFile, ScoringModel model, List<HealthApi.Queue> queues,
                               List<HealthApi.Alarm> alarms, String leadIdSecret, String archiveBucket) {
    public static final List<String> VARIABLES = List.of("LEADS_TABLE", "SCORING_MODEL_FILE", "QUEUES", "ALARMED_QUEUES",
            "LEAD_ID_SECRET", "AWS_REGION");

    public static ConsoleApiConfig from(Map<String, String> env) {
        Env e = new Env(env);
        String table = e.required("LEADS_TABLE", "name of the leads table, which holds the funnel counts");
        e.required("AWS_REGION", "AWS region of the table and queues");
        List<HealthApi.Queue> queues = new ArrayList<>();
        pairs(e, "QUEUES", "the queues the health page shows, name=url,...").forEach((n, u) -> queues.add(new HealthApi.Queue(n, u)));
        List<HealthApi.Alarm> alarms = new ArrayList<>();
        pairs(e, "ALARMED_QUEUES", "each alarm and the queue it watches, AlarmName=url,...")
                .forEach((n, u) -> alarms.add(new HealthApi.Alarm(n, u)));
        String secret = e.secret("LEAD_ID_SECRET", "secret key for lead ids, which the what-if replay makes", 16);
        // unset when the template's EventArchive is off: the console then has no what-if
        String bucket = e.get("ARCHIVE_BUCKET") == null || e.get("ARCHIVE_BUCKET").isBlank() ? null
                : e.get("ARCHIVE_BUCKET").strip();
        return new ConsoleApiConfig(table, e.required("SCORING_MODEL_FILE", "path of the scoring model document"),
                e.scoringModel("SCORING_MODEL_FILE"), List.copyOf(queues), List.copyOf(alarms), secret, bucket);
    }

    private static Map<String, String> pairs(Env e, String name, String meaning) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : e.list(name, meaning)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || !pair.substring(eq + 1).startsWith("http")) {
                throw new ConfigException("environment variable " + name + " must be name=queue-url pairs separated by "
                        + "commas, not '" + pair + "'");
            }
            out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return out;
    }
}
