package io.mqlengine.outcome;

import io.mqlengine.config.Env;
import java.util.List;
import java.util.Map;

/** The outcomes webhook's configuration: the queue it feeds and the secret CRMs sign with. */
public record WebhookConfig(String outcomesQueueUrl, String secret) {
    public static final List<String> VARIABLES = List.of("OUTCOMES_QUEUE_URL", "OUTCOMES_SECRET", "AWS_REGION");

    public static WebhookConfig from(Map<String, String> env) {
        Env e = new Env(env);
        String queue = e.required("OUTCOMES_QUEUE_URL", "URL of the outcomes queue");
        String secret = e.secret("OUTCOMES_SECRET", "secret the outcomes webhook's callers sign with", 16);
        return new WebhookConfig(queue, secret);
    }
}
