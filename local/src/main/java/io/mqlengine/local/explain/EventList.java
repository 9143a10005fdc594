package io.mqlengine.local.explain;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.journey.Journey;
import io.mqlengine.json.Json;
import io.mqlengine.json.Problem;
import io.mqlengine.validation.EventValidator;
import io.mqlengine.validation.Limits;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain list of tracking events in the tracking API's own format, as a journey without expectations: a JSON
 * array of events, a request body ({@code {"events":[...]}}), or one event per line. Every event is checked by the
 * validator ingest uses, at its own timestamp; bad ones are named by index and JSON path.
 */
final class EventList {
    /** The events as steps at offsets from the earliest timestamp, and what was set aside. */
    record Read(Journey journey, Instant start, List<String> notes) {
    }

    /** The file holds events, but some are not valid tracking events; each line names one problem. */
    static final class Invalid extends Exception {
        private final List<String> lines;

        Invalid(List<String> lines) {
            super(String.join(System.lineSeparator(), lines));
            this.lines = List.copyOf(lines);
        }

        List<String> lines() {
            return lines;
        }
    }

    private EventList() {
    }

    /**
     * The JSON values at the top level of {@code text}, one or more (one per line for a JSON-lines file); a top-level
     * array gives its elements, and says so.
     */
    static Values values(String text) throws Invalid {
        List<Located> values = new ArrayList<>();
        boolean array = text.strip().startsWith("[");
        try (MappingIterator<JsonNode> it = Json.strict().readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonLocation at = it.getParser().currentTokenLocation();
                values.add(new Located(it.nextValue(), at.getLineNr()));
            }
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new Invalid(List.of("not valid JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new Invalid(List.of("cannot be read: " + e.getMessage()));
        }
        return new Values(values, array);
    }

    /** The top-level values of a file, or the elements of its top-level array. */
    record Values(List<Located> values, boolean array) {
        /** Whether the file is one JSON object with {@code field}. */
        boolean oneObjectWith(String field) {
            return !array && values.size() == 1 && values.get(0).node().has(field);
        }
    }

    /** A top-level JSON value and the line it starts on. */
    record Located(JsonNode node, int line) {
    }

    /**
     * The events in {@code values} (the file's top-level values, none of them a journey) as a journey named after
     * {@code file}.
     */
    static Read read(String file, Values values) throws Invalid {
        List<Entry> entries = entries(values);
        if (entries.isEmpty()) {
            throw new Invalid(List.of("holds no events: expected a JSON array of tracking events, a request body "
                    + "{\"events\":[...]}, or one event per line"));
        }
        EventValidator validator = new EventValidator(Limits.DEFAULT);
        List<String> problems = new ArrayList<>();
        List<Entry> valid = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Integer> seenIds = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            // each event is judged at its own time, as if it had just arrived: a list from last year still explains
            Instant now = timestamp(e.node());
            EventValidator.Result r = validator.validate(e.node(), e.path(), Duration.ZERO, now == null ? Instant.now() : now);
            if (!r.valid()) {
                for (Problem p : r.problems()) {
                    problems.add("event " + i + e.where() + ": " + p);
                }
                continue;
            }
            Integer first = seenIds.putIfAbsent(r.event().eventId(), i);
            if (first != null) {
                notes.add("event " + i + e.where() + " repeats the eventId of event " + first
                        + ": scored once, as the pipeline does");
                continue;
            }
            valid.add(e);
            times.add(r.event().timestamp());
        }
        if (!problems.isEmpty()) {
            problems.add(0, file + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                    + " in its events (checked as ingest checks them):");
            throw new Invalid(problems);
        }
        Instant start = times.stream().min(Instant::compareTo).orElseThrow();
        List<Journey.Step> steps = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            steps.add(new Journey.Step(Duration.between(start, times.get(i)), (ObjectNode) valid.get(i).node()));
        }
        String name = file.replaceAll(".*[/\\\\]", "");
        return new Read(new Journey(name.replaceFirst("\\.[^.]*$", ""), name, steps, null, null, null, List.of(),
                List.of()), start, notes);
    }

    /** One event, the JSON path it was found at, and where to look for it in the file. */
    private record Entry(JsonNode node, String path, String where) {
    }

    private static List<Entry> entries(Values values) {
        List<Entry> entries = new ArrayList<>();
        if (values.oneObjectWith("events") && values.values().get(0).node().get("events").isArray()) {
            JsonNode array = values.values().get(0).node().get("events");
            for (int i = 0; i < array.size(); i++) {
                entries.add(new Entry(array.get(i), "$.events[" + i + "]", ""));
            }
            return entries;
        }
        for (int i = 0; i < values.values().size(); i++) {
            Located v = values.values().get(i);
            entries.add(new Entry(v.node(), values.array() ? "$[" + i + "]" : "$", " (line " + v.line() + ")"));
        }
        return entries;
    }

    private static Instant timestamp(JsonNode event) {
        JsonNode t = event == null ? null : event.get("timestamp");
        if (t == null || !t.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            return null; // the validator names it
        }
    }
}
