package io.mqlengine.service;

import io.mqlengine.archive.EventSource;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.scoring.ModelException;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /v1/console/what-if}: the body is a candidate scoring model (the JSON of model/scoring-model.json); the
 * answer is {@link WhatIfReport#toJson()} for the archived events under the live model and the candidate. A candidate
 * that is not valid JSON, or not a valid model, is a 400 naming the line and column or the model's field.
 */
public final class WhatIfApi {
    /** The largest candidate accepted: the default model is about 8 KB. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private final Supplier<ScoringModel> live;
    private final EventSource events;
    private final Supplier<List<SalesOutcome>> outcomes;
    private final WhatIf whatIf;

    /**
     * @param live     the model the engine scores with now
     * @param events   the event archive
     * @param outcomes the sales outcomes known, or null (none): supplies null when there are none
     * @param whatIf   the replay, with the deployment's lead id secret and sweep schedule
     */
    public WhatIfApi(Supplier<ScoringModel> live, EventSource events, Supplier<List<SalesOutcome>> outcomes,
                     WhatIf whatIf) {
        this.live = live;
        this.events = events;
        this.outcomes = outcomes;
        this.whatIf = whatIf;
    }

    /** Answers one request whose body is {@code body} (null: none). */
    public IngestService.Response handle(String method, String body) {
        if (!"POST".equals(method)) {
            return IngestService.error(405, "method_not_allowed", "what-if answers POST with a candidate model, not "
                    + method);
        }
        if (body == null || body.isBlank()) {
            return IngestService.error(400, "invalid_model", "body: must be a candidate scoring model (the JSON of "
                    + "model/scoring-model.json)");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            return IngestService.error(413, "payload_too_large", "body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        ScoringModel candidate;
        try {
            candidate = ScoringModelLoader.parse(body, "candidate");
        } catch (ModelException e) {
            return IngestService.error(400, "invalid_model", e.getMessage());
        }
        WhatIfReport report = whatIf.run(live.get(), candidate, events, outcomes == null ? null : outcomes.get());
        return new IngestService.Response(200, report.toJson().toString());
    }
}
