package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One conformance case: set-up steps whose answers are not compared, the requests under test, and either
 * nothing more (a differential case: every backend must answer as the reference implementations do) or the
 * answers AWS documents ({@link #expect}, a pinned case, for what dynalite cannot run).
 *
 * @param outcome per request, "ok" or the error type the case is about; checked on every backend so that a
 *                case which stops testing what its name says fails against the reference too
 * @param skip    backend name to the reason the case cannot run there
 * @param compareMessage false where the reference's message is an internal detail (a Java class name in a
 *                serialization error) rather than something a client could rely on
 * @param messageStartsWith where only the start of the message is fixed (a syntax error's position report is
 *                each parser's own): every backend's message must start with it, the rest is not compared
 */
record Case(String file, String name, String why, List<Step> setup, List<Step> requests, List<String> outcome,
            List<JsonNode> expect, String pinned, Map<String, String> skip, boolean exactBody, boolean compareMessage,
            String messageStartsWith) {

    boolean isPinned() {
        return expect != null;
    }

    String displayName() {
        return file + " / " + name;
    }
}
