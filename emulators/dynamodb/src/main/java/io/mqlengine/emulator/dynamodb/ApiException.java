package io.mqlengine.emulator.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered to the client as DynamoDB answers it: an HTTP status, a {@code __type} (the
 * namespace and the short name, {@code com.amazonaws.dynamodb.v20120810#ResourceNotFoundException}) and a
 * message.
 */
public class ApiException extends RuntimeException {
    public static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";
    public static final String VALIDATE = "com.amazon.coral.validate#";
    public static final String SERVICE = "com.amazon.coral.service#";

    private final int status;
    private final String type;
    private final ObjectNode details;

    public ApiException(int status, String type, String message) {
        this(status, type, message, null);
    }

    /** An error whose body carries more members than the message, such as CancellationReasons. */
    public ApiException(int status, String type, String message, ObjectNode details) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.details = details;
    }

    /** ConditionalCheckFailedException, with the item as it was when ReturnValuesOnConditionCheckFailure asks. */
    public static ApiException conditionalCheckFailed(ObjectNode item) {
        ObjectNode details = null;
        if (item != null) {
            details = JsonNodeFactory.instance.objectNode();
            details.set("Item", item);
        }
        return new ApiException(400, DYNAMODB + "ConditionalCheckFailedException", "The conditional request failed", details);
    }

    /** A 400 ValidationException, the answer to most bad requests. */
    public static ApiException validation(String message) {
        return new ApiException(400, VALIDATE + "ValidationException", message);
    }

    public static ApiException resourceNotFound(String message) {
        return new ApiException(400, DYNAMODB + "ResourceNotFoundException", message);
    }

    public static ApiException serialization(String message) {
        return new ApiException(400, SERVICE + "SerializationException", message);
    }

    /** Members of the error body beyond {@code __type} and {@code message}, or null. */
    public ObjectNode details() {
        return details;
    }

    public int status() {
        return status;
    }

    /** The full {@code __type}. */
    public String type() {
        return type;
    }

    /** The name after the '#', as the SDK reports it: {@code ValidationException}. */
    public String shortType() {
        return type.substring(type.indexOf('#') + 1);
    }
}
