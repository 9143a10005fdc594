package io.mqlengine.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.observe.Log;
import io.mqlengine.service.IngestService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Answers one request of a JSON API route with its service's answer, and logs one line: route, status, time, AWS use. */
public final class JsonApiAnswer {

    private JsonApiAnswer() {
    }

    /**
     * Runs {@code respond} on the request and answers its status and JSON body with {@code headers};
     * {@code logEvent} names the log line.
     */
    public static APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event, Clock clock, String logEvent,
                                                  Map<String, String> headers,
                                                  Function<APIGatewayV2HTTPEvent, IngestService.Response> respond) {
        long started = clock.millis();
        AwsUsage.startInvocation();
        IngestService.Response r = respond.apply(event);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("route", event.getRouteKey() == null ? "" : event.getRouteKey());
        line.put("status", r.status());
        line.put("ms", clock.millis() - started);
        line.put("aws", AwsUsage.invocation());
        Log.event(logEvent, line);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(r.status()).withHeaders(headers).withBody(r.body()).build();
    }
}
