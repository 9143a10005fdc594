package io.mqlengine.emulator.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Converts SDK attribute values into the aws-lambda-java-events model, and into DynamoDB JSON. */
final class AttributeValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeValues() {
    }

    static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> lambda(
            Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out =
                new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, lambda(v)));
        return out;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue lambda(
            AttributeValue v) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        switch (v.type()) {
            case S -> out.setS(v.s());
            case N -> out.setN(v.n());
            case B -> out.setB(v.b().asByteBuffer());
            case BOOL -> out.setBOOL(v.bool());
            case NUL -> out.setNULL(true);
            case SS -> out.setSS(new ArrayList<>(v.ss()));
            case NS -> out.setNS(new ArrayList<>(v.ns()));
            case BS -> out.setBS(v.bs().stream().map(SdkBytes::asByteBuffer).toList());
            case M -> out.setM(lambda(v.m()));
            case L -> out.setL(v.l().stream().map(AttributeValues::lambda).toList());
            default -> { }
        }
        return out;
    }

    /** An item in DynamoDB JSON, as filters see it: numbers stay strings, binaries are base64. */
    static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode out = NODES.objectNode();
        item.forEach((k, v) -> out.set(k, json(v)));
        return out;
    }

    /** The item's attributes that {@code read} names, in DynamoDB JSON; all of them when it reads the item whole. */
    static ObjectNode json(Map<String, AttributeValue> item, FilterFields read) {
        if (read.whole()) {
            return json(item);
        }
        ObjectNode out = NODES.objectNode();
        for (String name : read.keys()) {
            AttributeValue v = item.get(name);
            if (v != null) {
                out.set(name, json(v));
            }
        }
        return out;
    }

    private static JsonNode json(AttributeValue v) {
        ObjectNode out = NODES.objectNode();
        switch (v.type()) {
            case S -> out.put("S", v.s());
            case N -> out.put("N", v.n());
            case B -> out.put("B", base64(v.b()));
            case BOOL -> out.put("BOOL", v.bool());
            case NUL -> out.put("NULL", true);
            case SS -> v.ss().forEach(out.putArray("SS")::add);
            case NS -> v.ns().forEach(out.putArray("NS")::add);
            case BS -> v.bs().forEach(b -> out.withArray("BS").add(base64(b)));
            case M -> out.set("M", json(v.m()));
            case L -> v.l().forEach(e -> out.withArray("L").add(json(e)));
            default -> { }
        }
        return out;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
