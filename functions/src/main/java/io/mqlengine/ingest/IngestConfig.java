package io.mqlengine.ingest;

import io.mqlengine.config.AllowedOrigins;
import io.mqlengine.config.ConfigException;
import io.mqlengine.config.Env;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.service.IngestService;
import io.mqlengine.validation.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ingest function's configuration, read once from the environment. The scoring model is read for its
 * fast-track rules only: they decide which requests take the hand-raiser lane.
 */
public record IngestConfig(String eventsQueueUrl, String handRaiserQueueUrl, ScoringModel model,
                           IngestService.Settings settings) {
    /** Every variable this function reads (the template test checks each is set). */
    public static final List<String> VARIABLES = List.of("EVENTS_QUEUE_URL", "HAND_RAISER_QUEUE_URL",
            "SCORING_MODEL_FILE", "WRITE_KEYS", "ALLOWED_ORIGINS",
            "IDENTITY_SECRET", "MAX_EVENT_AGE", "AWS_REGION");
    /** sendBeacon's limit; a tracking request larger than this is a bug or an abuse. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public static IngestConfig from(Map<String, String> env) {
        Env e = new Env(env);
        String queue = e.required("EVENTS_QUEUE_URL", "URL of the events queue");
        String handRaisers = e.required("HAND_RAISER_QUEUE_URL", "URL of the hand-raiser events queue");
        ScoringModel model = e.scoringModel("SCORING_MODEL_FILE");
        Set<String> keys = Set.copyOf(e.list("WRITE_KEYS", "comma-separated write keys the snippet may send"));
        AllowedOrigins origins = origins(e.required("ALLOWED_ORIGINS", "comma-separated browser origins allowed to post"));
        String identity = e.present("IDENTITY_SECRET", "secret for identify signatures");
        Duration maxAge = e.duration("MAX_EVENT_AGE", "oldest event timestamp accepted");
        Limits limits = Limits.DEFAULT.withTime(Limits.DEFAULT.maxFutureSkew(), maxAge);
        return new IngestConfig(queue, handRaisers, model, new IngestService.Settings(keys, origins, identity, limits, MAX_BODY_BYTES));
    }

    /** A malformed origin would never match a browser's Origin header: refused at start, not a 403 per request. */
    private static AllowedOrigins origins(String list) {
        try {
            return AllowedOrigins.parse(list);
        } catch (IllegalArgumentException bad) {
            throw new ConfigException("environment variable ALLOWED_ORIGINS: " + bad.getMessage(), bad);
        }
    }
}
