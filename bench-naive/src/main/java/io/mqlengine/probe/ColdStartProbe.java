package io.mqlengine.probe;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs in a fresh JVM beside a function jar: builds the handler named by the first argument with its no-arg
 * constructor (configuration from the environment, as on Lambda), hands it one tracking request (the body
 * in the file named by the second argument) and prints {@code handled <status>}. The parent process times
 * from starting this JVM to that line.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(args[0])
                        .getConstructor().newInstance();
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(Map.of("content-type", "application/json", "origin", "http://localhost:8080"));
        event.setBody(Files.readString(Path.of(args[1])));
        event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/v1/events").build())
                .build());
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        System.out.println("handled " + response.getStatusCode());
        System.out.flush();
        System.exit(0);
    }
}
