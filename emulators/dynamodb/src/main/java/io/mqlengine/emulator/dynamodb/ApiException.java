package io.mqlengine.emulator.dynamodb;

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

    public ApiException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
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
