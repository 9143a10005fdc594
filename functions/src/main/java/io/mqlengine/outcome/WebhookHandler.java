package io.mqlengine.outcome;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mqlengine.config.AwsClients;
import io.mqlengine.http.RequestBytes;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.observe.Log;
import io.mqlengine.service.IngestService;
import io.mqlengine.service.OutcomeWebhook;
import io.mqlengine.validation.OutcomeMessages;
import io.mqlengine.validation.WebhookSignature;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code POST /v1/outcomes}: decodes the API Gateway request and lets {@link OutcomeWebhook} answer it. */
public final class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** How far an outcome's {@code at} may lie ahead of the server's clock. */
    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private final OutcomeWebhook webhook;
    private final Clock clock;

    public WebhookHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public WebhookHandler(Map<String, String> env, Clock clock) {
        this(create(WebhookConfig.from(env), new AwsClients(env), clock), clock);
    }

    public WebhookHandler(OutcomeWebhook webhook, Clock clock) {
        this.webhook = webhook;
        this.clock = clock;
    }

    private static OutcomeWebhook create(WebhookConfig config, AwsClients clients, Clock clock) {
        SqsClient sqs = clients.sqs();
        return new OutcomeWebhook(new WebhookSignature(config.secret()), new OutcomeMessages(MAX_FUTURE_SKEW),
                body -> sqs.sendMessage(b -> b.queueUrl(config.outcomesQueueUrl()).messageBody(body)), clock);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = clock.millis();
        AwsUsage.startInvocation();
        IngestService.Response r = respond(event);
        Log.event("outcomes.webhook", Map.of("status", r.status(), "ms", clock.millis() - started,
                "aws", AwsUsage.invocation()));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(r.status())
                .withHeaders(Map.of("content-type", "application/json")).withBody(r.body()).build();
    }

    private IngestService.Response respond(APIGatewayV2HTTPEvent event) {
        byte[] bytes = RequestBytes.of(event);
        if (bytes == null) {
            return IngestService.error(400, "invalid_request", RequestBytes.NOT_BASE64);
        }
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        return webhook.accept(bytes, headers);
    }
}
