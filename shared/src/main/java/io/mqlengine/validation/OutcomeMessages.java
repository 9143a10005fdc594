package io.mqlengine.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.json.Problem;
import io.mqlengine.model.Emails;
import io.mqlengine.model.SalesOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads an outcome message ({@code events/schema/outcome-message.schema.json}) from sales, whichever way it came:
 * every problem is named by its JSON path, as for events, and a message with any problem is refused whole.
 */
public final class OutcomeMessages {
    /** A lead id: 26 characters of lower-case base32, what {@code LeadIds} derives from an email. */
    static final Pattern LEAD_ID = Pattern.compile("[a-z2-7]{26}");
    /** A handoff id: the lead id, {@code #}, the qualification number. */
    static final Pattern HANDOFF_ID = Pattern.compile("([a-z2-7]{26})#([1-9][0-9]{0,8})");
    static final int MAX_REASON = 256;
    static final int MAX_BY = 128;
    private static final Set<String> FIELDS = Set.of("outcomeId", "leadId", "email", "handoffId", "outcome", "reason",
            "at", "by");
    private static final String OUTCOMES = Arrays.stream(SalesOutcome.Kind.values()).map(SalesOutcome.Kind::wireName)
            .collect(Collectors.joining(", "));

    private final Duration maxFutureSkew;

    /** @param maxFutureSkew how far {@code at} may lie ahead of the server's clock */
    public OutcomeMessages(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    /**
     * The outcome in {@code json}, checked at {@code now}.
     *
     * @throws InvalidRequestException naming every problem found
     */
    public SalesOutcome parse(String json, Instant now) {
        JsonNode root;
        try {
            root = Json.strict().readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(List.of(new Problem("$", "is not valid JSON: " + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(List.of(new Problem("$", "must be a JSON object")));
        }
        List<Problem> problems = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new Problem("$." + name, "is not a field of an outcome message"));
            }
        }
        String outcomeId = TextFields.id(root, "outcomeId", "$", problems);
        SalesOutcome.Target target = target(root, problems);
        SalesOutcome.Kind outcome = outcome(root, problems);
        String reason = TextFields.optional(root, "reason", "$", MAX_REASON, problems);
        String by = TextFields.optional(root, "by", "$", MAX_BY, problems);
        Instant at = at(root, now, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new SalesOutcome(outcomeId, target, outcome, reason, at, by);
    }

    /** Exactly one of leadId, email and handoffId, each in its form. */
    private static SalesOutcome.Target target(JsonNode root, List<Problem> problems) {
        List<String> given = new ArrayList<>();
        for (String f : List.of("leadId", "email", "handoffId")) {
            if (root.has(f) && !root.get(f).isNull()) {
                given.add(f);
            }
        }
        if (given.size() != 1) {
            problems.add(new Problem("$", given.isEmpty() ? "must name the lead by one of leadId, email or handoffId"
                    : "must name the lead once, by one of leadId, email or handoffId, not " + String.join(" and ", given)));
            return null;
        }
        String field = given.get(0);
        String value = TextFields.optional(root, field, "$", 320, problems);
        if (value == null) {
            return null;
        }
        switch (field) {
            case "leadId":
                if (!LEAD_ID.matcher(value).matches()) {
                    problems.add(new Problem("$.leadId", "must be a lead id: 26 characters of a-z and 2-7"));
                    return null;
                }
                return new SalesOutcome.Target(value, null, null);
            case "email":
                if (!Emails.isPlausible(value)) {
                    problems.add(new Problem("$.email", "must be an email address"));
                    return null;
                }
                return new SalesOutcome.Target(null, value, null);
            default:
                if (!HANDOFF_ID.matcher(value).matches()) {
                    problems.add(new Problem("$.handoffId", "must be a handoff id: <leadId>#<qualification number>"));
                    return null;
                }
                return new SalesOutcome.Target(null, null, value);
        }
    }

    private static SalesOutcome.Kind outcome(JsonNode root, List<Problem> problems) {
        JsonNode v = root.get("outcome");
        if (v == null || v.isNull()) {
            problems.add(new Problem("$.outcome", "is required"));
            return null;
        }
        for (SalesOutcome.Kind k : SalesOutcome.Kind.values()) {
            if (v.isTextual() && k.wireName().equals(v.textValue())) {
                return k;
            }
        }
        problems.add(new Problem("$.outcome", "must be one of " + OUTCOMES));
        return null;
    }

    /** When sales decided: an ISO-8601 instant with an offset, not ahead of the server by more than the skew. */
    private Instant at(JsonNode root, Instant now, List<Problem> problems) {
        JsonNode v = root.get("at");
        if (v == null || v.isNull()) {
            problems.add(new Problem("$.at", "is required"));
            return null;
        }
        Instant at = v.isTextual() ? EventTime.parseInstant(v.textValue()) : null;
        if (at == null) {
            problems.add(new Problem("$.at", "must be an ISO-8601 date-time with offset in the years 0000-9999, "
                    + "e.g. 2026-11-23T10:15:30Z"));
            return null;
        }
        if (at.isAfter(now.plus(maxFutureSkew))) {
            problems.add(new Problem("$.at", "is more than " + maxFutureSkew + " in the future"));
            return null;
        }
        return at;
    }
}
