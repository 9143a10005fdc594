package io.mqlengine.handoff;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Lets tests convert a stream image the way the handoff function does. */
public final class HandoffTestAccess {
    private HandoffTestAccess() {
    }

    public static Map<String, AttributeValue> toSdk(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        return StreamImages.toSdk(image);
    }
}
