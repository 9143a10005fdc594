package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/** Runs one case on one backend: its set-up, then its requests, whose normalised answers it gives back. */
final class CaseRunner {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_PAGES = 200;

    /** The answers to the requests under test, or why the case could not get that far. */
    record Outcome(List<ObjectNode> answers, String failure) {
    }

    private final Backend backend;
    private final CaseFile file;
    private final Case c;
    private final Map<String, String> tableNames;
    private final Normalizer normalizer;
    private final Map<String, JsonNode> variables = new HashMap<>();
    private final Set<String> created = new LinkedHashSet<>();

    CaseRunner(Backend backend, CaseFile file, Case c, Map<String, String> tableNames) {
        this.backend = backend;
        this.file = file;
        this.c = c;
        this.tableNames = tableNames;
        Map<String, String> logical = new LinkedHashMap<>();
        tableNames.forEach((l, p) -> logical.put(p, l));
        this.normalizer = new Normalizer(logical);
    }

    /** The logical table names a case uses, apart from variables it captures. */
    static Set<String> tablesUsed(Case c) {
        Set<String> captured = new LinkedHashSet<>();
        Set<String> used = new LinkedHashSet<>();
        for (Step s : steps(c)) {
            captured.addAll(s.capture().keySet());
            used.addAll(Template.variables(s.body(), s.raw()));
        }
        used.removeAll(captured);
        return used;
    }

    private static List<Step> steps(Case c) {
        List<Step> all = new ArrayList<>(c.setup());
        all.addAll(c.requests());
        return all;
    }

    Outcome run() {
        String failure = backend.tables().prepare(file, tableNames, tablesUsed(c));
        if (failure != null) {
            return new Outcome(List.of(), failure);
        }
        List<ObjectNode> answers = new ArrayList<>();
        try {
            int n = 0;
            for (Step step : c.setup()) {
                n++;
                for (int i = 0; i < step.times(); i++) {
                    Answer a = execute(step, step.times() > 1 ? i : null);
                    if (!a.ok() && !step.allowError()) {
                        return new Outcome(answers, "set-up step " + n + " (" + step.operation() + ") failed: " + a.summary());
                    }
                    if (a.ok()) {
                        String settled = settle(step, a);
                        if (settled != null) {
                            return new Outcome(answers, "set-up step " + n + " (" + step.operation() + "): " + settled);
                        }
                    }
                    String missing = capture(step, a);
                    if (missing != null) {
                        return new Outcome(answers, "set-up step " + n + " (" + step.operation() + "): " + missing);
                    }
                }
            }
            for (Step step : c.requests()) {
                Answer a = execute(step, null);
                capture(step, a);
                answers.add(normalizer.answer(a, step));
            }
            return new Outcome(answers, null);
        } catch (UnresolvedVariable e) {
            return new Outcome(answers, e.getMessage());
        } finally {
            created.forEach(backend.tables()::drop);
        }
    }

    private Answer execute(Step step, Integer index) {
        if (step.eventual() && backend.remote()) {
            // index reads are eventually consistent on AWS and no answer says when a write has reached them
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
        }
        if (step.raw() != null) {
            String raw = Template.expand(step.raw(), this::resolve, index);
            return backend.client().send(SignedClient.targetFor(step.operation()), raw.getBytes(StandardCharsets.UTF_8));
        }
        JsonNode body = Template.expand(step.body(), this::resolve, index);
        if (step.operation().equals("CreateTable") && body.hasNonNull("TableName")) {
            created.add(body.get("TableName").asText());
        }
        Answer a;
        if (step.segments() > 0) {
            a = segments((ObjectNode) body, step.segments());
        } else if (step.pages()) {
            a = pages(step.operation(), (ObjectNode) body);
        } else if (step.collect() > 0) {
            a = records((ObjectNode) body, step.collect());
        } else {
            a = backend.client().call(step.operation(), body);
        }
        if (step.operation().equals("ListTables") && a.ok()) {
            onlyOurTables(a);
        }
        return a;
    }

    /** After a set-up step: tables created are waited for until ACTIVE, tables deleted until gone. */
    private String settle(Step step, Answer a) {
        if (step.operation().equals("CreateTable")) {
            return backend.tables().awaitActive(a.body().path("TableDescription").path("TableName").asText());
        }
        if (step.operation().equals("DeleteTable")) {
            backend.tables().awaitGone(a.body().path("TableDescription").path("TableName").asText());
        }
        return null;
    }

    private String capture(Step step, Answer a) {
        for (Map.Entry<String, String> e : step.capture().entrySet()) {
            JsonNode value = a.body() == null ? null : JsonPaths.get(a.body(), e.getValue());
            if (value == null || value.isNull()) {
                return "nothing at " + e.getValue() + " to capture as ${" + e.getKey() + "} in " + a.summary();
            }
            variables.put(e.getKey(), value);
        }
        return null;
    }

    private JsonNode resolve(String name) {
        if (variables.containsKey(name)) {
            return variables.get(name);
        }
        if (tableNames.containsKey(name)) {
            return TextNode.valueOf(tableNames.get(name));
        }
        throw new UnresolvedVariable("${" + name + "} has no value (not captured by an earlier step)");
    }

    /** Other runs' and other files' tables may be there too (always on AWS): the case sees only its own. */
    private void onlyOurTables(Answer a) {
        JsonNode names = a.body().path("TableNames");
        if (names instanceof ArrayNode list) {
            ArrayNode kept = JSON.arrayNode();
            list.forEach(n -> {
                if (tableNames.containsValue(n.asText())) {
                    kept.add(n);
                }
            });
            ((ObjectNode) a.body()).set("TableNames", kept);
        }
    }

    /**
     * Follows LastEvaluatedKey to the end and answers one synthetic body: {@code Pages} (per page the counts,
     * LastEvaluatedKey and capacity; for Scan only ScannedCount and whether there was a next key, as the order
     * of a Scan is the implementation's) and {@code Items}, every page's items in order.
     */
    private Answer pages(String operation, ObjectNode body) {
        ArrayNode pages = JSON.arrayNode();
        ArrayNode items = JSON.arrayNode();
        long count = 0;
        long scanned = 0;
        boolean anyItems = false;
        for (int page = 0; page < MAX_PAGES; page++) {
            Answer a = backend.client().call(operation, body);
            if (!a.ok()) {
                return a;
            }
            JsonNode b = a.body();
            if (b.has("Items")) {
                anyItems = true;
                b.get("Items").forEach(items::add);
            }
            count += b.path("Count").asLong();
            scanned += b.path("ScannedCount").asLong();
            ObjectNode summary = JSON.objectNode();
            if (operation.equals("Scan")) {
                summary.set("ScannedCount", b.get("ScannedCount"));
                summary.put("LastEvaluatedKey", b.has("LastEvaluatedKey") ? "<present>" : "<absent>");
            } else {
                ObjectNode copy = ((ObjectNode) b).deepCopy();
                copy.remove("Items");
                summary = copy;
            }
            pages.add(summary);
            if (!b.has("LastEvaluatedKey")) {
                ObjectNode out = JSON.objectNode();
                out.set("Pages", pages);
                out.put("Count", count);
                out.put("ScannedCount", scanned);
                if (anyItems) {
                    out.set("Items", items);
                }
                return new Answer(200, out, out.toString());
            }
            body.set("ExclusiveStartKey", b.get("LastEvaluatedKey"));
        }
        throw new IllegalStateException(operation + " still had a LastEvaluatedKey after " + MAX_PAGES + " pages");
    }

    /**
     * Reads every segment of a parallel Scan to the end and answers their union: which segment holds an
     * item is the implementation's business, that the segments together hold each item once is not.
     */
    private Answer segments(ObjectNode body, int total) {
        ArrayNode items = JSON.arrayNode();
        long count = 0;
        for (int segment = 0; segment < total; segment++) {
            ObjectNode one = body.deepCopy();
            one.put("Segment", segment);
            one.put("TotalSegments", total);
            Answer a = pages("Scan", one);
            if (!a.ok()) {
                return a;
            }
            a.body().path("Items").forEach(items::add);
            count += a.body().path("Count").asLong();
        }
        ObjectNode out = JSON.objectNode();
        out.put("Segments", total);
        out.put("Count", count);
        out.set("Items", items);
        return new Answer(200, out, out.toString());
    }

    /** GetRecords along NextShardIterator until {@code wanted} records came, or a deadline. */
    private Answer records(ObjectNode body, int wanted) {
        ArrayNode records = JSON.arrayNode();
        Instant end = Instant.now().plus(backend.remote() ? Duration.ofSeconds(60) : Duration.ofSeconds(15));
        while (true) {
            Answer a = backend.client().call("GetRecords", body);
            if (!a.ok()) {
                return a;
            }
            a.body().path("Records").forEach(records::add);
            JsonNode next = a.body().get("NextShardIterator");
            if (records.size() >= wanted || next == null || next.isNull() || Instant.now().isAfter(end)) {
                break;
            }
            body.set("ShardIterator", next);
            if (a.body().path("Records").isEmpty()) {
                LockSupport.parkNanos(Duration.ofMillis(backend.remote() ? 500 : 50).toNanos());
            }
        }
        ObjectNode out = JSON.objectNode();
        out.set("Records", records);
        return new Answer(200, out, out.toString());
    }

    /** A ${name} used before any step captured it. */
    private static final class UnresolvedVariable extends RuntimeException {
        UnresolvedVariable(String message) {
            super(message, null, false, false);
        }
    }
}
