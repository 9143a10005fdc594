package io.mqlengine.emulator.dynamodb.expr;

/** A problem with an expression, in DynamoDB's words but without the "Invalid ...Expression: " prefix. */
final class ExpressionException extends RuntimeException {
    ExpressionException(String message) {
        super(message, null, false, false);
    }
}
