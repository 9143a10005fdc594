package io.mqlengine.local.handlers;

/** A class that is no RequestHandler, for the refusal test. */
public final class NotAHandler {
    public String handleRequest(String input) {
        return input;
    }
}
