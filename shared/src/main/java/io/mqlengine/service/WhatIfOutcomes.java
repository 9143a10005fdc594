package io.mqlengine.service;

import io.mqlengine.json.Json;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.validation.InvalidRequestException;
import io.mqlengine.validation.OutcomeMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of sales outcomes for a what-if: the outcome messages sales tools send to {@code POST /v1/outcomes}
 * ({@code events/schema/outcome-message.schema.json}), one per line (blank lines skipped), or a JSON array of them.
 * Each is checked as the outcome API checks it; a bad one fails naming its line (or array index) and field.
 */
public final class WhatIfOutcomes {
    /** Outcomes in a file are history: any date up to now and a day ahead is accepted. */
    private static final OutcomeMessages MESSAGES = new OutcomeMessages(Duration.ofDays(1));

    private WhatIfOutcomes() {
    }

    /** The outcomes in {@code text}; {@code source} names the file in errors. */
    public static List<SalesOutcome> parse(String text, String source) {
        List<SalesOutcome> out = new ArrayList<>();
        Instant now = Instant.now();
        if (text.strip().startsWith("[")) {
            com.fasterxml.jackson.databind.JsonNode array;
            try {
                array = Json.strict().readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                var at = e.getLocation();
                throw new IllegalArgumentException(source + ": not valid JSON" + (at == null ? "" : " at line "
                        + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
            }
            for (int i = 0; i < array.size(); i++) {
                out.add(one(array.get(i).toString(), now, source + ": outcome " + i));
            }
            return out;
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(one(lines[i], now, source + ": line " + (i + 1)));
            }
        }
        return out;
    }

    private static SalesOutcome one(String json, Instant now, String where) {
        try {
            return MESSAGES.parse(json, now);
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
