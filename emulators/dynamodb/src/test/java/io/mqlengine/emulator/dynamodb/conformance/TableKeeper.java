package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Creates, empties and drops the suite's tables on one backend. A file's shared tables live while its cases
 * run and are emptied before each case; a case's own tables are dropped after it. On real AWS every drop waits
 * for the end of the suite, since table names are never reused there.
 */
final class TableKeeper {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String backend;
    private final SignedClient client;
    private final boolean deferDrops;
    private final Duration deadline;
    private final Duration pause;
    private final Set<String> pendingDrops = new LinkedHashSet<>();
    private String fixtureFile;
    private final Map<String, ObjectNode> fixtures = new LinkedHashMap<>();
    private String fixtureFailure;

    TableKeeper(String backend, SignedClient client, boolean deferDrops, Duration deadline, Duration pause) {
        this.backend = backend;
        this.client = client;
        this.deferDrops = deferDrops;
        this.deadline = deadline;
        this.pause = pause;
    }

    /**
     * Makes the file's shared tables exist (creating them at the file's first case, dropping the previous
     * file's) and empties the ones the case uses. Returns null, or why the tables are not usable.
     */
    String prepare(CaseFile file, Map<String, String> physicalNames, Set<String> used) {
        if (!file.file().equals(fixtureFile)) {
            fixtures.keySet().forEach(this::drop);
            fixtures.clear();
            fixtureFile = file.file();
            fixtureFailure = null;
            for (Map.Entry<String, ObjectNode> t : file.tables().entrySet()) {
                String name = physicalNames.get(t.getKey());
                ObjectNode body = t.getValue().deepCopy();
                body.put("TableName", name);
                Answer a = client.call("CreateTable", body);
                if (!a.ok()) {
                    fixtureFailure = "shared table ${" + t.getKey() + "} could not be created: " + a.summary();
                    break;
                }
                fixtures.put(name, body);
            }
            if (fixtureFailure == null) {
                for (String name : fixtures.keySet()) {
                    String failure = awaitActive(name);
                    if (failure != null) {
                        fixtureFailure = failure;
                        break;
                    }
                }
            }
        }
        if (fixtureFailure != null) {
            // cases that only use tables of their own (or none) can still run
            return used.stream().anyMatch(file.tables()::containsKey) ? fixtureFailure : null;
        }
        for (String logical : used) {
            String name = physicalNames.get(logical);
            if (fixtures.containsKey(name)) {
                String failure = empty(name, fixtures.get(name));
                if (failure != null) {
                    return failure;
                }
            }
        }
        return null;
    }

    /** Polls DescribeTable until the table and its indexes are ACTIVE; returns null, or why not. */
    String awaitActive(String name) {
        Instant end = Instant.now().plus(deadline);
        ObjectNode describe = JSON.objectNode().put("TableName", name);
        while (true) {
            Answer a = client.call("DescribeTable", describe);
            if (a.ok() && isActive(a.body().path("Table"))) {
                return null;
            }
            if (!a.ok() && !"ResourceNotFoundException".equals(a.type())) {
                // without DescribeTable there is no way to wait: go on and let the case show what happens
                return null;
            }
            if (Instant.now().isAfter(end)) {
                return "table " + name + " not ACTIVE on " + backend + " after " + deadline + ": " + a.summary();
            }
            LockSupport.parkNanos(pause.toNanos());
        }
    }

    /** Polls DescribeTable until the table is gone. */
    void awaitGone(String name) {
        Instant end = Instant.now().plus(deadline);
        ObjectNode describe = JSON.objectNode().put("TableName", name);
        while (Instant.now().isBefore(end)) {
            Answer a = client.call("DescribeTable", describe);
            if (!a.ok()) {
                return;
            }
            LockSupport.parkNanos(pause.toNanos());
        }
    }

    private static boolean isActive(JsonNode table) {
        if (!"ACTIVE".equals(table.path("TableStatus").asText())) {
            return false;
        }
        for (JsonNode index : table.path("GlobalSecondaryIndexes")) {
            if (!"ACTIVE".equals(index.path("IndexStatus").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Deletes every item (consistent Scan of the keys, then BatchWriteItem). Returns null, or why not. */
    private String empty(String name, ObjectNode definition) {
        List<String> keys = new ArrayList<>();
        definition.path("KeySchema").forEach(k -> keys.add(k.path("AttributeName").asText()));
        ObjectNode scan = JSON.objectNode().put("TableName", name).put("ConsistentRead", true);
        ObjectNode names = scan.putObject("ExpressionAttributeNames");
        List<String> projection = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            names.put("#k" + i, keys.get(i));
            projection.add("#k" + i);
        }
        scan.put("ProjectionExpression", String.join(", ", projection));
        List<JsonNode> items = new ArrayList<>();
        while (true) {
            Answer a = client.call("Scan", scan);
            if (!a.ok()) {
                return "could not empty the shared table " + name + " (Scan): " + a.summary();
            }
            a.body().path("Items").forEach(items::add);
            if (!a.body().has("LastEvaluatedKey")) {
                break;
            }
            scan.set("ExclusiveStartKey", a.body().get("LastEvaluatedKey"));
        }
        for (int from = 0; from < items.size(); from += 25) {
            ArrayNode deletes = JSON.arrayNode();
            for (JsonNode key : items.subList(from, Math.min(items.size(), from + 25))) {
                deletes.addObject().putObject("DeleteRequest").set("Key", key);
            }
            ObjectNode batch = JSON.objectNode();
            batch.putObject("RequestItems").set(name, deletes);
            Instant end = Instant.now().plus(deadline);
            while (true) {
                Answer a = client.call("BatchWriteItem", batch);
                if (!a.ok()) {
                    return "could not empty the shared table " + name + " (BatchWriteItem): " + a.summary();
                }
                JsonNode unprocessed = a.body().path("UnprocessedItems");
                if (unprocessed.isEmpty() || Instant.now().isAfter(end)) {
                    break;
                }
                batch.set("RequestItems", unprocessed);
                LockSupport.parkNanos(pause.toNanos());
            }
        }
        return null;
    }

    /** Drops a table a case made: now on local backends (once it is no longer CREATING), at the end on AWS. */
    void drop(String name) {
        if (deferDrops) {
            pendingDrops.add(name);
            return;
        }
        dropNow(name);
    }

    private void dropNow(String name) {
        // a table still CREATING refuses DeleteTable: wait until it is settled, or gone already
        Instant end = Instant.now().plus(deadline);
        ObjectNode describe = JSON.objectNode().put("TableName", name);
        while (true) {
            Answer a = client.call("DescribeTable", describe);
            if (!a.ok()) {
                if ("ResourceNotFoundException".equals(a.type())) {
                    return;
                }
                break;
            }
            String status = a.body().path("Table").path("TableStatus").asText();
            if (status.equals("DELETING")) {
                return;
            }
            if (isActive(a.body().path("Table")) || Instant.now().isAfter(end)) {
                break;
            }
            LockSupport.parkNanos(pause.toNanos());
        }
        client.call("DeleteTable", describe);
    }

    /** Drops everything still there; on AWS, this is where every table of the run goes. */
    void dropAll() {
        fixtures.keySet().forEach(this::drop);
        fixtures.clear();
        fixtureFile = null;
        for (String name : pendingDrops) {
            try {
                dropNow(name);
            } catch (RuntimeException e) {
                System.err.println("[conformance] could not drop " + name + " on " + backend + ": " + e.getMessage());
            }
        }
        pendingDrops.clear();
    }
}
