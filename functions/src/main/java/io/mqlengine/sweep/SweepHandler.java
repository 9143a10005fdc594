package io.mqlengine.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.mqlengine.config.AwsClients;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.observe.Log;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.service.SweepService;
import io.mqlengine.store.DynamoLeadStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The scheduled sweep: works through the due leads while more than a safety margin of time is left. */
public final class SweepHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    /** Stop starting new pages when less than this is left of the invocation. */
    static final long MARGIN_MS = 10_000;

    private final SweepService service;
    private final Clock clock;

    public SweepHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public SweepHandler(Map<String, String> env, Clock clock) {
        this(create(SweepConfig.from(env), new AwsClients(env), clock), clock);
    }

    public SweepHandler(SweepService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    private static SweepService create(SweepConfig config, AwsClients clients, Clock clock) {
        return new SweepService(new DynamoLeadStore(clients.dynamo(), config.table(), config.model().staleAfter()),
                new LeadScorer(config.model()), clock);
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        long started = clock.millis();
        AwsUsage.startInvocation();
        SweepService.Result r = service.sweep(() -> context == null || context.getRemainingTimeInMillis() > MARGIN_MS);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("due", r.due());
        summary.put("written", r.written());
        summary.put("recycled", r.recycled());
        summary.put("archived", r.archived());
        summary.put("reemitted", r.reemitted());
        summary.put("failed", r.failed());
        summary.put("complete", r.complete());
        summary.put("ms", clock.millis() - started);
        Log.event("sweep", with(summary, "aws", AwsUsage.invocation()));
        Log.metrics("sweep", Map.of("Recycled", r.recycled(), "Archived", r.archived(), "Reemitted", r.reemitted(),
                "Failed", r.failed()), clock.instant());
        return summary;
    }

    private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.put(key, value);
        return out;
    }
}
