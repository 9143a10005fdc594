package io.mqlengine.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.emulator.dynamodb.api.BatchOperations;
import io.mqlengine.emulator.dynamodb.api.ItemOperations;
import io.mqlengine.emulator.dynamodb.api.ReadOperations;
import io.mqlengine.emulator.dynamodb.api.Req;
import io.mqlengine.emulator.dynamodb.api.StreamOperations;
import io.mqlengine.emulator.dynamodb.api.TableOperations;
import io.mqlengine.emulator.dynamodb.api.TransactOperations;
import io.mqlengine.emulator.dynamodb.store.Journal;
import io.mqlengine.emulator.dynamodb.table.Change;
import io.mqlengine.emulator.dynamodb.table.Database;
import io.mqlengine.emulator.dynamodb.table.Table;
import io.mqlengine.emulator.dynamodb.table.TableDef;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The emulator's operations over one {@link Database}: dispatch, fault injection, TTL deletion, journal. */
final class Engine implements AutoCloseable {
    /** DynamoDB does not delete items whose expiry lies more than five years in the past. */
    private static final long TTL_IGNORED_AFTER_SECONDS = 5L * 365 * 24 * 3600;

    private final Faults faults = new Faults();
    private final Database db;
    private final Journal journal;
    private final TableOperations tables;
    private final ItemOperations items;
    private final ReadOperations reads;
    private final BatchOperations batches;
    private final TransactOperations transactions;
    private final StreamOperations streams;

    Engine(Clock ttlClock, Clock wallClock, Optional<Path> dataDir, Duration streamRetention, String region)
            throws IOException {
        this.db = new Database(ttlClock, wallClock, region, streamRetention.toMillis());
        this.journal = dataDir.isPresent() ? Journal.open(dataDir.get(), db) : null;
        this.tables = new TableOperations(db);
        this.items = new ItemOperations(db);
        this.reads = new ReadOperations(db);
        this.batches = new BatchOperations(db);
        this.transactions = new TransactOperations(db);
        this.streams = new StreamOperations(db);
    }

    Faults faults() {
        return faults;
    }

    JsonNode call(String api, String operation, JsonNode request) {
        Req r = new Req(request);
        boolean streamsApi = api.equals(HttpFront.STREAMS);
        if (streamsApi ? !STREAM_OPERATIONS.contains(operation) : !OPERATIONS.contains(operation)) {
            throw new ApiException(400, ApiException.SERVICE + "UnknownOperationException",
                    "Unknown operation: " + api + "." + operation + " is not supported by this emulator");
        }
        Fault fault = faults.take(operation, tablesOf(request)).orElse(null);
        if (fault != null && fault != Fault.UNPROCESSED
                && !(fault == Fault.TRANSACTION_CONFLICT && operation.startsWith("Transact"))) {
            throw fault.error();
        }
        boolean unprocessed = fault == Fault.UNPROCESSED;
        boolean conflict = fault == Fault.TRANSACTION_CONFLICT;
        return switch (operation) {
            case "CreateTable" -> tables.createTable(r);
            case "DescribeTable" -> tables.describeTable(r);
            case "DeleteTable" -> tables.deleteTable(r);
            case "ListTables" -> tables.listTables(r);
            case "UpdateTimeToLive" -> tables.updateTimeToLive(r);
            case "DescribeTimeToLive" -> tables.describeTimeToLive(r);
            case "GetItem" -> items.getItem(r);
            case "PutItem" -> items.putItem(r);
            case "UpdateItem" -> items.updateItem(r);
            case "DeleteItem" -> items.deleteItem(r);
            case "Query" -> reads.query(r);
            case "Scan" -> reads.scan(r);
            case "BatchGetItem" -> batches.batchGetItem(r, unprocessed);
            case "BatchWriteItem" -> batches.batchWriteItem(r, unprocessed);
            case "TransactWriteItems" -> transactions.transactWriteItems(r, conflict);
            case "TransactGetItems" -> transactions.transactGetItems(r, conflict);
            case "ListStreams" -> streams.listStreams(r);
            case "DescribeStream" -> streams.describeStream(r);
            case "GetShardIterator" -> streams.getShardIterator(r);
            default -> streams.getRecords(r);
        };
    }

    private static final List<String> OPERATIONS = List.of("CreateTable", "DescribeTable", "DeleteTable", "ListTables",
            "UpdateTimeToLive", "DescribeTimeToLive", "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
            "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems");
    private static final List<String> STREAM_OPERATIONS = List.of("ListStreams", "DescribeStream", "GetShardIterator",
            "GetRecords");

    /** The tables a request names, for fault rules. */
    private static List<String> tablesOf(JsonNode request) {
        List<String> out = new ArrayList<>();
        JsonNode name = request.get("TableName");
        if (name != null && name.isTextual()) {
            out.add(name.textValue());
        }
        JsonNode items = request.get("RequestItems");
        if (items != null && items.isObject()) {
            items.fieldNames().forEachRemaining(out::add);
        }
        JsonNode transact = request.get("TransactItems");
        if (transact != null && transact.isArray()) {
            for (JsonNode t : transact) {
                for (Iterator<JsonNode> it = t.elements(); it.hasNext(); ) {
                    JsonNode action = it.next();
                    if (action.path("TableName").isTextual()) {
                        out.add(action.get("TableName").textValue());
                    }
                }
            }
        }
        JsonNode arn = request.get("StreamArn");
        if (arn != null && arn.isTextual() && arn.textValue().contains(":table/")) {
            String rest = arn.textValue().substring(arn.textValue().indexOf(":table/") + 7);
            out.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
        }
        return out;
    }

    /**
     * Deletes the items whose TTL attribute (a number of epoch seconds) is at or before the TTL clock, as
     * DynamoDB's TTL process does, each with a REMOVE stream record from the TTL service.
     */
    int reapExpired() {
        long now = db.ttlClock().instant().getEpochSecond();
        BigDecimal nowValue = BigDecimal.valueOf(now);
        BigDecimal oldest = BigDecimal.valueOf(now - TTL_IGNORED_AFTER_SECONDS);
        db.lock().writeLock().lock();
        try {
            Change change = new Change();
            int deleted = 0;
            for (Table t : List.copyOf(db.tables().values())) {
                TableDef def = t.def();
                if (!def.ttlEnabled()) {
                    continue;
                }
                List<Map<String, Value>> expired = new ArrayList<>();
                for (Map<String, Value> item : t.items().values()) {
                    if (item.get(def.ttlAttribute()) instanceof Value.N n
                            && n.value().compareTo(nowValue) <= 0 && n.value().compareTo(oldest) >= 0) {
                        expired.add(item);
                    }
                }
                for (Map<String, Value> item : expired) {
                    db.write(t, t.key().keyOf(item), null, true, change);
                    deleted++;
                }
            }
            db.commit(change);
            db.trimStreams();
            return deleted;
        } finally {
            db.lock().writeLock().unlock();
        }
    }

    @Override
    public void close() {
        if (journal != null) {
            db.lock().writeLock().lock();
            try {
                journal.close();
            } finally {
                db.lock().writeLock().unlock();
            }
        }
    }
}
