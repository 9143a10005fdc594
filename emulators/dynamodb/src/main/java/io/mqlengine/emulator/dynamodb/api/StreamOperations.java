package io.mqlengine.emulator.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.stream.Shard;
import io.mqlengine.emulator.dynamodb.stream.StreamRecord;
import io.mqlengine.emulator.dynamodb.stream.TableStream;
import io.mqlengine.emulator.dynamodb.table.Database;
import io.mqlengine.emulator.dynamodb.value.ItemSize;
import io.mqlengine.emulator.dynamodb.value.ValueJson;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * DynamoDB Streams: ListStreams, DescribeStream, GetShardIterator, GetRecords. Iterators are opaque
 * strings that name the shard and the next sequence number; they expire 15 minutes after they were
 * handed out. Records older than the retention period are trimmed; reading from a trimmed position is
 * TrimmedDataAccessException.
 *
 * <p>Longer than most classes: the four Streams operations share the iterator format and the retention rule.
 */
public final class StreamOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long ITERATOR_MILLIS = 15 * 60 * 1000L;
    /** Records whose JSON is kept for the next reader: the newest, which readers that keep up read again. */
    static final int RENDERED_RECORDS = 10_000;
    private final Database db;
    /**
     * Each record's JSON, by sequence number, rendered once: every consumer of a stream reads every record (the
     * twin's table has two), and building and writing the records' JSON was most of GetRecords' time. An entry
     * serves only the record object it was rendered from: any other record under its sequence number renders anew.
     */
    private final Map<Long, Rendered> rendered = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Rendered> eldest) {
            return size() > RENDERED_RECORDS;
        }
    };

    private record Rendered(StreamRecord record, RawValue json) {
    }

    public StreamOperations(Database db) {
        this.db = db;
    }

    public JsonNode listStreams(Req r) {
        String table = r.string("TableName");
        Long limit = r.integer("Limit", 1L, 100L);
        String start = r.string("ExclusiveStartStreamArn");
        r.check();
        db.lock().readLock().lock();
        try {
            List<TableStream> all = new ArrayList<>();
            for (TableStream s : db.streams().values()) {
                if ((table == null || s.tableName().equals(table)) && !expired(s)) {
                    all.add(s);
                }
            }
            int from = 0;
            if (start != null) {
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).arn().equals(start)) {
                        from = i + 1;
                    }
                }
            }
            int max = limit == null ? 100 : limit.intValue();
            ObjectNode out = NODES.objectNode();
            ArrayNode streams = out.putArray("Streams");
            int to = Math.min(all.size(), from + max);
            for (TableStream s : all.subList(from, to)) {
                streams.addObject().put("StreamArn", s.arn()).put("TableName", s.tableName()).put("StreamLabel", s.label());
            }
            if (to < all.size()) {
                out.put("LastEvaluatedStreamArn", all.get(to - 1).arn());
            }
            return out;
        } finally {
            db.lock().readLock().unlock();
        }
    }

    public JsonNode describeStream(Req r) {
        String arn = r.requiredString("StreamArn");
        r.integer("Limit", 1L, 100L);
        String startShard = r.string("ExclusiveStartShardId");
        r.check();
        db.lock().readLock().lock();
        try {
            TableStream s = stream(arn);
            ObjectNode out = NODES.objectNode();
            ObjectNode d = out.putObject("StreamDescription");
            d.put("StreamArn", s.arn());
            d.put("StreamLabel", s.label());
            d.put("StreamStatus", s.enabled() ? "ENABLED" : "DISABLED");
            d.put("StreamViewType", s.viewType());
            d.put("CreationRequestDateTime", TableOperations.seconds(s.created()));
            d.put("TableName", s.tableName());
            d.set("KeySchema", TableOperations.keySchema(s.key()));
            ArrayNode shards = d.putArray("Shards");
            Shard shard = s.shard();
            if (startShard == null || !startShard.equals(shard.id())) {
                ObjectNode x = shards.addObject();
                x.put("ShardId", shard.id());
                ObjectNode range = x.putObject("SequenceNumberRange");
                range.put("StartingSequenceNumber", format(shard.startingSequence()));
                if (shard.closed()) {
                    range.put("EndingSequenceNumber", format(shard.endingSequence()));
                }
            }
            return out;
        } finally {
            db.lock().readLock().unlock();
        }
    }

    public JsonNode getShardIterator(Req r) {
        String arn = r.requiredString("StreamArn");
        String shardId = r.requiredString("ShardId");
        String type = r.oneOf("ShardIteratorType", "TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER");
        r.notNull("ShardIteratorType", type);
        String sequence = r.string("SequenceNumber");
        r.check();
        boolean needsSequence = type.equals("AT_SEQUENCE_NUMBER") || type.equals("AFTER_SEQUENCE_NUMBER");
        if (needsSequence && sequence == null) {
            throw ApiException.validation("Must specify a sequence number for iterator type " + type);
        }
        if (!needsSequence && sequence != null) {
            throw ApiException.validation("Must not specify a sequence number for iterator type " + type);
        }
        db.lock().readLock().lock();
        try {
            TableStream s = stream(arn);
            Shard shard = s.shard();
            if (!shard.id().equals(shardId)) {
                throw ApiException.resourceNotFound("Requested resource not found: Shard does not exist");
            }
            long trimmed = shard.trimmedThrough(db.retentionCutoff());
            long next;
            switch (type) {
                case "TRIM_HORIZON" -> next = trimmed + 1;
                case "LATEST" -> next = shard.closed() ? shard.endingSequence() + 1 : db.sequence() + 1;
                default -> {
                    long at = parse(sequence);
                    Long end = shard.endingSequence();
                    if (at < shard.startingSequence() || end != null && at > end || end == null && at > db.sequence()) {
                        throw ApiException.validation("Invalid SequenceNumber for ShardIteratorType: " + type
                                + ", SequenceNumber: " + sequence + " is not in the shard's range");
                    }
                    if (at <= trimmed) {
                        throw trimmed();
                    }
                    next = type.equals("AT_SEQUENCE_NUMBER") ? at : at + 1;
                }
            }
            ObjectNode out = NODES.objectNode();
            out.put("ShardIterator", iterator(arn, shard.id(), next));
            return out;
        } finally {
            db.lock().readLock().unlock();
        }
    }

    public JsonNode getRecords(Req r) {
        String iterator = r.requiredString("ShardIterator");
        Long limit = r.integer("Limit", 1L, 1000L);
        r.check();
        String[] parts = decode(iterator);
        String arn = parts[0];
        String shardId = parts[1];
        long next = Long.parseLong(parts[2]);
        long issued = Long.parseLong(parts[3]);
        List<StreamRecord> records;
        TableStream s;
        boolean exhausted;
        long after;
        db.lock().readLock().lock();
        try {
            if (db.wallClock().millis() - issued > ITERATOR_MILLIS) {
                throw new ApiException(400, ApiException.DYNAMODB + "ExpiredIteratorException", "Iterator expired");
            }
            s = stream(arn);
            Shard shard = s.shard();
            if (!shard.id().equals(shardId)) {
                throw ApiException.resourceNotFound("Requested resource not found: Shard does not exist");
            }
            if (next <= shard.trimmedThrough(db.retentionCutoff())) {
                throw trimmed();
            }
            records = shard.from(next, limit == null ? 1000 : limit.intValue());
            after = records.isEmpty() ? next : records.get(records.size() - 1).sequence() + 1;
            exhausted = shard.closed() && after > shard.endingSequence();
        } finally {
            db.lock().readLock().unlock();
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("Records");
        for (StreamRecord record : records) {
            list.addRawValue(rendered(record, s));
        }
        if (!exhausted) {
            out.put("NextShardIterator", iterator(arn, shardId, after));
        }
        return out;
    }

    /** The record's JSON as GetRecords returns it, rendered on its first read. */
    RawValue rendered(StreamRecord r, TableStream s) {
        Rendered known;
        synchronized (rendered) {
            known = rendered.get(r.sequence());
        }
        if (known != null && known.record() == r) {
            return known.json();
        }
        RawValue json = new RawValue(json(r, s).toString());
        synchronized (rendered) {
            rendered.put(r.sequence(), new Rendered(r, json));
        }
        return json;
    }

    private ObjectNode json(StreamRecord r, TableStream s) {
        ObjectNode out = NODES.objectNode();
        out.put("eventID", r.eventId());
        out.put("eventName", r.eventName());
        out.put("eventVersion", "1.1");
        out.put("eventSource", "aws:dynamodb");
        out.put("awsRegion", db.region());
        ObjectNode d = out.putObject("dynamodb");
        d.put("ApproximateCreationDateTime", r.created().getEpochSecond());
        d.set("Keys", ValueJson.json(r.keys()));
        String view = s.viewType();
        long size = ItemSize.of(r.keys());
        if ((view.equals("NEW_IMAGE") || view.equals("NEW_AND_OLD_IMAGES")) && r.newImage() != null) {
            d.set("NewImage", ValueJson.json(r.newImage()));
            size += ItemSize.of(r.newImage());
        }
        if ((view.equals("OLD_IMAGE") || view.equals("NEW_AND_OLD_IMAGES")) && r.oldImage() != null) {
            d.set("OldImage", ValueJson.json(r.oldImage()));
            size += ItemSize.of(r.oldImage());
        }
        d.put("SequenceNumber", format(r.sequence()));
        d.put("SizeBytes", size);
        d.put("StreamViewType", view);
        if (r.byTtl()) {
            out.putObject("userIdentity").put("Type", "Service").put("PrincipalId", "dynamodb.amazonaws.com");
        }
        return out;
    }

    /** A deleted table's stream past retention, which the next trim will drop. */
    private boolean expired(TableStream s) {
        return !s.enabled() && s.disabledAtWallMillis() < db.retentionCutoff();
    }

    private TableStream stream(String arn) {
        TableStream s = db.streams().get(arn);
        if (s == null || expired(s)) {
            throw ApiException.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
        }
        return s;
    }

    private static ApiException trimmed() {
        return new ApiException(400, ApiException.DYNAMODB + "TrimmedDataAccessException",
                "The operation attempted to read past the oldest stream record in a shard.");
    }

    /** Sequence numbers as DynamoDB writes them: decimal digits, 21 of them here. */
    static String format(long sequence) {
        if (sequence < 0) {
            return String.format("%021d", sequence);
        }
        // not String.format, which parses its pattern on every call: GetRecords formats every record it returns
        String digits = Long.toString(sequence);
        return digits.length() >= 21 ? digits : "0".repeat(21 - digits.length()) + digits;
    }

    private static long parse(String sequence) {
        try {
            BigInteger n = new BigInteger(sequence);
            return n.bitLength() < 63 ? n.longValue() : Long.MAX_VALUE;
        } catch (NumberFormatException e) {
            throw ApiException.validation("Invalid SequenceNumber: " + sequence);
        }
    }

    private String iterator(String arn, String shardId, long next) {
        String plain = arn + "|" + shardId + "|" + next + "|" + db.wallClock().millis();
        return "arn:aws:dynamodb:" + db.region() + ":iterator/" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String iterator) {
        try {
            String encoded = iterator.substring(iterator.indexOf(":iterator/") + ":iterator/".length());
            String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 4 || iterator.indexOf(":iterator/") < 0) {
                throw new IllegalArgumentException();
            }
            Long.parseLong(parts[2]);
            Long.parseLong(parts[3]);
            return parts;
        } catch (RuntimeException e) {
            throw ApiException.validation("Invalid ShardIterator");
        }
    }

}
