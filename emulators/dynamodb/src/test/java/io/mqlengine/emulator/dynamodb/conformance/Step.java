package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One request of a case. In a case file a step is an object whose one capitalised key is the operation and
 * whose value is the JSON body (or a string, sent as raw bytes); lower-case keys are options:
 * {@code times} (repeat, with {@code $i} replaced by 0..n-1), {@code capture} (variable to answer path),
 * {@code pages} (follow LastEvaluatedKey and compare all pages), {@code segments} (a parallel Scan: read
 * every segment to the end and compare the union), {@code collect} (GetRecords: follow the
 * shard iterator until that many records arrived), {@code ignore} / {@code unordered} (answer paths),
 * {@code eventual} (reads an eventually consistent index: on AWS the step waits for propagation) and
 * {@code allowError} (a set-up step whose failure is expected).
 */
record Step(String operation, JsonNode body, String raw, int times, Map<String, String> capture, boolean pages,
            int segments, int collect, List<String> ignore, List<String> unordered, boolean eventual, boolean allowError) {
}
