package io.mqlengine.handoff;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Converts a stream record image (Lambda events' attribute model) to the SDK's, for the store's item mapper. */
public final class StreamImages {

    private StreamImages() {
    }

    public static Map<String, AttributeValue> toSdk(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        Map<String, AttributeValue> out = new HashMap<>();
        image.forEach((k, v) -> out.put(k, toSdk(v)));
        return out;
    }

    public static AttributeValue toSdk(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) {
            return AttributeValue.fromS(v.getS());
        }
        if (v.getN() != null) {
            return AttributeValue.fromN(v.getN());
        }
        if (v.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(v.getB().duplicate()));
        }
        if (v.getBOOL() != null) {
            return AttributeValue.fromBool(v.getBOOL());
        }
        if (v.getNULL() != null) {
            return AttributeValue.fromNul(v.getNULL());
        }
        if (v.getM() != null) {
            return AttributeValue.fromM(toSdk(v.getM()));
        }
        if (v.getL() != null) {
            return AttributeValue.fromL(v.getL().stream().map(StreamImages::toSdk).toList());
        }
        if (v.getSS() != null) {
            return AttributeValue.fromSs(List.copyOf(v.getSS()));
        }
        if (v.getNS() != null) {
            return AttributeValue.fromNs(List.copyOf(v.getNS()));
        }
        if (v.getBS() != null) {
            return AttributeValue.fromBs(v.getBS().stream().map(b -> SdkBytes.fromByteBuffer(b.duplicate())).toList());
        }
        throw new IllegalArgumentException("attribute value of no known type");
    }
}
