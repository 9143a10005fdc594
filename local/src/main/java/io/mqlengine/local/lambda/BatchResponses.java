package io.mqlengine.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code batchItemFailures} from a batch handler's response (SQSBatchResponse,
 * StreamsEventResponse, or anything that serialises to the same JSON) as Lambda does: no response or
 * no list means success; an entry without an itemIdentifier makes the response invalid (empty).
 */
public final class BatchResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchResponses() {}

    public static Optional<List<String>> failedItems(Object response) {
        if (response == null) {
            return Optional.of(List.of());
        }
        JsonNode tree;
        try {
            tree = JSON.valueToTree(response);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        JsonNode failures = tree == null ? null : tree.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return Optional.of(List.of());
        }
        if (!failures.isArray()) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                return Optional.empty();
            }
            ids.add(id.asText());
        }
        return Optional.of(ids);
    }
}
