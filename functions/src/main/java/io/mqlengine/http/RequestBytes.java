package io.mqlengine.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The body of an API Gateway HTTP API request as bytes: base64-decoded when API Gateway says it is encoded. */
public final class RequestBytes {
    /** The 400 message for a body {@link #of} could not decode. */
    public static final String NOT_BASE64 = "body is marked base64 but is not valid base64";

    private RequestBytes() {
    }

    /** The body's bytes (empty when there is none); null when it is marked base64 but is not. */
    public static byte[] of(APIGatewayV2HTTPEvent event) {
        String body = event.getBody() == null ? "" : event.getBody();
        if (!event.getIsBase64Encoded()) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
