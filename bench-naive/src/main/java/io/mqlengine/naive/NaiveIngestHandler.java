package io.mqlengine.naive;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The benchmark's baseline: an ingest handler as it is commonly written. Default client
 * ({@code SqsClient.create()}: Apache HTTP client, default credential and region provider chains), a default
 * ObjectMapper, one SendMessage per event. Not used by the product.
 */
public class NaiveIngestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ObjectMapper mapper = new ObjectMapper();
    private final SqsClient sqs = SqsClient.create();
    private final String queueUrl = System.getenv("EVENTS_QUEUE_URL");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            JsonNode body = mapper.readTree(event.getBody());
            int accepted = 0;
            for (JsonNode e : body.get("events")) {
                if (e.hasNonNull("eventId") && e.hasNonNull("type") && e.hasNonNull("anonymousId")) {
                    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(e.toString()));
                    accepted++;
                }
            }
            return APIGatewayV2HTTPResponse.builder().withStatusCode(202)
                    .withBody("{\"accepted\":" + accepted + "}").build();
        } catch (Exception e) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(400).withBody("{\"error\":\"bad request\"}").build();
        }
    }
}
