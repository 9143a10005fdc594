package io.mqlengine.lead;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mqlengine.config.AwsClients;
import io.mqlengine.http.JsonApiAnswer;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.observe.Log;
import io.mqlengine.service.IngestService;
import io.mqlengine.service.LeadApi;
import io.mqlengine.store.DynamoLeadStore;
import java.time.Clock;
import java.util.Map;

/**
 * {@code GET} and {@code DELETE} on {@code /v1/leads} (with {@code ?email=}) and {@code /v1/leads/{leadId}}: decodes
 * the API Gateway request and lets {@link LeadApi} answer it. The routes are IAM-authorised in the template: only
 * signed calls reach it. Its log lines name the route and the status, never the email.
 */
public final class LeadApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final LeadApi api;
    private final Clock clock;

    public LeadApiHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public LeadApiHandler(Map<String, String> env, Clock clock) {
        this(create(LeadApiConfig.from(env), new AwsClients(env), clock), clock);
    }

    public LeadApiHandler(LeadApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    private static LeadApi create(LeadApiConfig config, AwsClients clients, Clock clock) {
        return new LeadApi(new DynamoLeadStore(clients.dynamo(), config.table(), config.model().staleAfter()),
                config.model(), new LeadIds(config.leadIdSecret()), clock, config.tombstoneKept());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return JsonApiAnswer.answer(event, clock, "leads.api", Map.of("content-type", "application/json"), this::respond);
    }

    private IngestService.Response respond(APIGatewayV2HTTPEvent event) {
        String method = method(event);
        String leadId = event.getPathParameters() == null ? null : event.getPathParameters().get("leadId");
        try {
            return api.handle(method, leadId, event.getQueryStringParameters());
        } catch (RuntimeException e) {
            // the table failed (throttling, network): the caller may try again
            Log.event("leads.api.error", Map.of("reason", e.toString()));
            return IngestService.error(503, "unavailable", "the leads table did not answer; send the request again");
        }
    }

    /** The method from the request context, or else from the route key ({@code "GET /v1/leads/{leadId}"}). */
    private static String method(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getMethod() != null) {
            return event.getRequestContext().getHttp().getMethod();
        }
        String route = event.getRouteKey();
        return route == null ? "" : route.split(" ", 2)[0];
    }
}
