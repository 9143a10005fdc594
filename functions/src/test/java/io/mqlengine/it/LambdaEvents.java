package io.mqlengine.it;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.mqlengine.testing.TemplateResources;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The sample events in events/, and HTTP API requests made from them. Events built from what the
 * emulators hold come from the mql-lambda-events module ({@code SqsEvents}, {@code StreamEvents}).
 */
final class LambdaEvents {

    private LambdaEvents() {
    }

    static Path sample(String name) {
        return TemplateResources.repositoryRoot().resolve("events").resolve(name);
    }

    static APIGatewayV2HTTPEvent http(String sample) {
        return EventLoader.loadApiGatewayHttpEvent(sample(sample).toString());
    }

    /** An HTTP API request like the sample {@code ingest/valid-batch.json}, with another body and headers. */
    static APIGatewayV2HTTPEvent http(String body, String contentType, String origin) {
        APIGatewayV2HTTPEvent e = http("ingest/valid-batch.json");
        Map<String, String> headers = new HashMap<>(e.getHeaders());
        headers.put("content-type", contentType);
        if (origin == null) {
            headers.remove("origin");
        } else {
            headers.put("origin", origin);
        }
        headers.put("content-length", String.valueOf(body.length()));
        e.setHeaders(headers);
        e.setBody(body);
        e.setIsBase64Encoded(false);
        return e;
    }
}
