package io.mqlengine.store;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The funnel's per-day counts in the leads table. A day's counts are spread over {@value #BUCKETS} counter items,
 * {@code FUNNEL#<yyyy-mm-dd>#<bucket>} (a write, retried, always lands in the same bucket; no lead, alias or overflow key
 * starts with {@code FUNNEL#}), each holding the counters ({@link FunnelTally}) and {@code f}, the binary set of the
 * 8-byte fingerprints of the first {@value #FINGERPRINTS_PER_ITEM} writes it counted. {@link #add} is one UpdateItem
 * that ADDs a write's counts and its fingerprint, on the condition that the fingerprint is not in the set yet and
 * the set has room: a stream retry of a counted record adds nothing, and a counter item stays about 1 KB, so a write
 * costs one unit. A write to a full item is counted with a marker item of its own ({@code FUNNEL#<day>#<bucket>#<fp>},
 * expiring after {@link #MARKER_LIFE}, longer than the stream mapping keeps a record) put in one transaction with
 * the counter's ADD: four units, whatever the day's volume. Without the cap, a day of about 800,000 counted writes
 * would fill a counter item to DynamoDB's 400 KB limit, each write costing up to 400 units on the way.
 */
public final class FunnelCounters {
    /** Counter items per day. */
    public static final int BUCKETS = 16;
    /** The counted writes' fingerprints, on a counter item. */
    static final String FINGERPRINTS = "f";
    /** Fingerprints a counter item keeps: with a day's counters, about 1 KB. */
    public static final int FINGERPRINTS_PER_ITEM = 64;
    /** How long a marker item outlives its write: the lifecycle mapping gives up on a record after a day. */
    public static final Duration MARKER_LIFE = Duration.ofDays(2);
    private static final int BATCH_GET = 100;
    private static final int CONFLICT_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;
    private final int capacity;
    /** Counter items this instance found full: their writes go straight to the marker transaction. */
    private final Set<String> full = ConcurrentHashMap.newKeySet();

    public FunnelCounters(DynamoDbClient dynamo, String table) {
        this(dynamo, table, FINGERPRINTS_PER_ITEM);
    }

    /** Counters whose items keep {@code capacity} fingerprints (a test's small number reaches the markers soon). */
    public FunnelCounters(DynamoDbClient dynamo, String table, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.dynamo = dynamo;
        this.table = table;
        this.capacity = capacity;
    }

    /** The key of {@code day}'s counter item {@code bucket}. */
    public static Map<String, AttributeValue> key(LocalDate day, int bucket) {
        return Map.of(LeadAttributes.PK, AttributeValue.fromS(LeadItems.FUNNEL_PREFIX + day + "#" + bucket));
    }

    /**
     * Adds {@code tally} once: true when it was added now, false when its write was counted before. {@code now} dates
     * a marker item's expiry.
     */
    public boolean add(FunnelTally tally, Instant now) {
        Map<String, AttributeValue> key = key(tally.day(), bucket(tally.fingerprint()));
        String pk = key.get(LeadAttributes.PK).s();
        if (!full.contains(pk)) {
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            String adds = adds(tally, names, values);
            values.put(":fps", AttributeValue.fromBs(List.of(fingerprint(tally.fingerprint()).b())));
            values.put(":room", AttributeValue.fromN(String.valueOf(capacity)));
            UpdateItemRequest request = UpdateItemRequest.builder().tableName(table).key(key)
                    .updateExpression("ADD " + adds + ", #f :fps")
                    .conditionExpression("NOT contains(#f, :fp) AND (attribute_not_exists(#f) OR size(#f) < :room)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            try {
                dynamo.updateItem(request);
                return true;
            } catch (ConditionalCheckFailedException refused) {
                AttributeValue set = refused.hasItem() ? refused.item().get(FINGERPRINTS) : null;
                if (set != null && set.bs().contains(fingerprint(tally.fingerprint()).b())) {
                    return false;
                }
                full.add(pk);
            }
        }
        return addWithMarker(tally, key, now);
    }

    /** The counts as ADD clauses ({@code #f} and {@code :fp} named too, for the fingerprint conditions). */
    private static String adds(FunnelTally tally, Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#f", FINGERPRINTS);
        values.put(":fp", fingerprint(tally.fingerprint()));
        List<String> adds = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> e : tally.counts().entrySet()) {
            names.put("#c" + i, e.getKey());
            values.put(":c" + i, AttributeValue.fromN(String.valueOf(e.getValue())));
            adds.add("#c" + i + " :c" + i);
            i++;
        }
        return String.join(", ", adds);
    }

    /**
     * Counts a write on a full counter item: its marker item put only if absent, in one transaction with the ADD
     * (which also checks the fingerprint is not among those the item kept). Another transaction on the same counter
     * at the same moment cancels this one: tried again a few times, then left to the stream's retry.
     */
    private boolean addWithMarker(FunnelTally tally, Map<String, AttributeValue> key, Instant now) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String adds = adds(tally, names, values);
        String pk = key.get(LeadAttributes.PK).s();
        Map<String, AttributeValue> marker = Map.of(LeadAttributes.PK,
                AttributeValue.fromS(pk + "#" + Long.toHexString(tally.fingerprint())),
                LeadAttributes.EXPIRES_AT, AttributeValue.fromN(String.valueOf(now.plus(MARKER_LIFE).getEpochSecond())));
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName(table).item(marker)
                                .conditionExpression("attribute_not_exists(#pk)")
                                .expressionAttributeNames(Map.of("#pk", LeadAttributes.PK)).build()).build(),
                        TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
                                .updateExpression("ADD " + adds).conditionExpression("NOT contains(#f, :fp)")
                                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build())
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(request);
                return true;
            } catch (TransactionCanceledException e) {
                List<String> codes = e.hasCancellationReasons()
                        ? e.cancellationReasons().stream().map(CancellationReason::code).toList() : List.of();
                if (codes.contains("ConditionalCheckFailed")) {
                    return false; // the marker exists, or the item kept the fingerprint: counted before
                }
                if (!codes.contains("TransactionConflict") || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(10L << attempt).toNanos());
            }
        }
    }

    /**
     * The counts of every day from {@code from} to {@code to} (inclusive) that has any, the buckets summed; the
     * fingerprints left out.
     */
    public Map<LocalDate, Map<String, Long>> days(LocalDate from, LocalDate to) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            for (int b = 0; b < BUCKETS; b++) {
                keys.add(key(d, b));
            }
        }
        Map<LocalDate, Map<String, Long>> out = new TreeMap<>();
        for (int start = 0; start < keys.size(); start += BATCH_GET) {
            Map<String, KeysAndAttributes> pending = Map.of(table,
                    KeysAndAttributes.builder().keys(keys.subList(start, Math.min(keys.size(), start + BATCH_GET))).build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> ask = pending;
                BatchGetItemResponse r = dynamo.batchGetItem(b -> b.requestItems(ask)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
                r.responses().getOrDefault(table, List.of()).forEach(item -> fold(item, out));
                pending = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
            }
        }
        return out;
    }

    private static void fold(Map<String, AttributeValue> item, Map<LocalDate, Map<String, Long>> out) {
        String pk = item.get(LeadAttributes.PK).s();
        String rest = pk.substring(LeadItems.FUNNEL_PREFIX.length());
        LocalDate day = LocalDate.parse(rest.substring(0, rest.indexOf('#')));
        Map<String, Long> counts = out.computeIfAbsent(day, d -> new LinkedHashMap<>());
        item.forEach((name, value) -> {
            if (value.n() != null) {
                counts.merge(name, Long.parseLong(value.n()), Long::sum);
            }
        });
    }

    /** The bucket of a counted write: from its fingerprint, so a retry finds the set that holds it. */
    static int bucket(long fingerprint) {
        return (int) Math.floorMod(fingerprint, (long) BUCKETS);
    }

    private static AttributeValue fingerprint(long fp) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(ByteBuffer.allocate(Long.BYTES).putLong(fp).array()));
    }
}
