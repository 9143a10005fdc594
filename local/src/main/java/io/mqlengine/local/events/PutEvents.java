package io.mqlengine.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.local.template.Intrinsics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * PutEvents as EventBridge answers it: a malformed request is refused whole ({@link Refused}, a 400), a bad entry
 * fails alone with its ErrorCode and ErrorMessage, and each accepted entry becomes an event envelope with an id.
 */
public final class PutEvents {
    /** EventBridge's limit on the entries of one request, measured as its documentation says. */
    static final int MAX_ENTRIES_SIZE = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTRIES = "1 validation error detected: Value %s at 'entries' failed to satisfy constraint: %s";

    /** The whole request is refused with this error type and message (HTTP 400). */
    public static final class Refused extends RuntimeException {
        private final String type;

        public Refused(String type, String message) {
            super(message);
            this.type = type;
        }

        public String type() {
            return type;
        }
    }

    /** An accepted entry: the bus it was put on and the event as rules and targets see it. */
    public record Accepted(String busName, ObjectNode envelope) {}

    /** The response body and the events accepted, in request order. */
    public record Outcome(ObjectNode response, List<Accepted> accepted) {}

    private PutEvents() {}

    /**
     * @param buses resolves an EventBusName (a name or an ARN) to the name of a bus that exists
     * @param now the time of events put without a Time
     */
    public static Outcome apply(JsonNode request, Function<String, Optional<String>> buses, Instant now) {
        if (request == null || !request.isObject()) {
            throw new Refused("SerializationException", "the request body must be a JSON object");
        }
        JsonNode entries = request.path("Entries");
        if (!entries.isArray()) {
            throw new Refused("ValidationException", String.format(ENTRIES, "null", "Member must not be null"));
        }
        if (entries.isEmpty()) {
            throw new Refused("ValidationException", String.format(ENTRIES, "[]", "Member must have length greater than or equal to 1"));
        }
        if (entries.size() > 10) {
            throw new Refused("ValidationException", String.format(ENTRIES, "of " + entries.size() + " entries",
                    "Member must have length less than or equal to 10"));
        }
        long size = 0;
        for (JsonNode entry : entries) {
            if (!entry.isObject()) {
                throw new Refused("SerializationException", "each of Entries must be an object, got " + entry.getNodeType());
            }
            size += size(entry);
        }
        if (size > MAX_ENTRIES_SIZE) {
            throw new Refused("ValidationException", "Total size of the entries in the request is over the limit: " + size
                    + " bytes, more than " + MAX_ENTRIES_SIZE + " (Source, DetailType, Detail, Resources and 14 bytes for a Time)");
        }
        ObjectNode response = JSON.createObjectNode();
        ArrayNode results = response.putArray("Entries");
        List<Accepted> accepted = new ArrayList<>();
        int failed = 0;
        for (JsonNode entry : entries) {
            ObjectNode result = results.addObject();
            try {
                Accepted event = accept(entry, buses, now);
                result.put("EventId", event.envelope().get("id").asText());
                accepted.add(event);
            } catch (EntryError e) {
                result.put("ErrorCode", e.code);
                result.put("ErrorMessage", e.getMessage());
                failed++;
            }
        }
        response.put("FailedEntryCount", failed);
        return new Outcome(response, accepted);
    }

    private static final class EntryError extends RuntimeException {
        private final String code;

        EntryError(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private static Accepted accept(JsonNode entry, Function<String, Optional<String>> buses, Instant now) {
        String source = required(entry, "Source");
        if (source.startsWith("aws.")) {
            throw new EntryError("NotAuthorizedForSourceException", "Not authorized for the source " + source
                    + " (sources starting with aws. are reserved for AWS services)");
        }
        String detailType = required(entry, "DetailType");
        String detailText = required(entry, "Detail");
        JsonNode detail;
        try {
            detail = JSON.readTree(detailText);
        } catch (JsonProcessingException e) {
            detail = null;
        }
        if (detail == null || !detail.isObject()) {
            throw new EntryError("MalformedDetail", "Detail is malformed: it must be a JSON object, got "
                    + (detail == null ? "text that is not JSON" : "a JSON " + detail.getNodeType().name().toLowerCase()));
        }
        String requested = entry.path("EventBusName").isTextual() && !entry.path("EventBusName").asText().isEmpty()
                ? entry.path("EventBusName").asText() : "default";
        String bus = buses.apply(requested).orElseThrow(() -> new EntryError("ResourceNotFoundException",
                "Event bus " + requested + " does not exist."));
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("detail-type", detailType);
        envelope.put("source", source);
        envelope.put("account", Intrinsics.ACCOUNT);
        envelope.put("time", DateTimeFormatter.ISO_INSTANT.format(time(entry, now).truncatedTo(ChronoUnit.SECONDS)));
        envelope.put("region", Intrinsics.REGION);
        envelope.set("resources", resources(entry));
        envelope.set("detail", detail);
        return new Accepted(bus, envelope);
    }

    private static String required(JsonNode entry, String field) {
        JsonNode value = entry.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new EntryError("InvalidArgument", "Parameter " + field + " is not valid. Reason: " + field
                    + " is a required argument.");
        }
        return value.asText();
    }

    /** The SDK sends Time as epoch seconds (AWS JSON 1.1 timestamps); without it, the event is put now. */
    private static Instant time(JsonNode entry, Instant now) {
        JsonNode time = entry.path("Time");
        if (time.isMissingNode() || time.isNull()) {
            return now;
        }
        if (!time.isNumber()) {
            throw new EntryError("InvalidArgument", "Parameter Time is not valid. Reason: expected epoch seconds, got " + time);
        }
        BigDecimal seconds = time.decimalValue();
        return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    private static ArrayNode resources(JsonNode entry) {
        ArrayNode out = JSON.createArrayNode();
        JsonNode resources = entry.path("Resources");
        if (resources.isMissingNode() || resources.isNull()) {
            return out;
        }
        if (!resources.isArray()) {
            throw new EntryError("InvalidArgument", "Parameter Resources is not valid. Reason: expected a list of ARNs");
        }
        for (JsonNode r : resources) {
            if (!r.isTextual()) {
                throw new EntryError("InvalidArgument", "Parameter Resources is not valid. Reason: expected a list of ARNs");
            }
            out.add(r.asText());
        }
        return out;
    }

    /** An entry's size as EventBridge counts it: Source, DetailType, Detail and Resources in UTF-8, 14 bytes for a Time. */
    private static long size(JsonNode entry) {
        long size = entry.has("Time") ? 14 : 0;
        for (String field : List.of("Source", "DetailType", "Detail")) {
            size += entry.path(field).asText("").getBytes(StandardCharsets.UTF_8).length;
        }
        for (JsonNode r : entry.path("Resources")) {
            size += r.asText("").getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }
}
