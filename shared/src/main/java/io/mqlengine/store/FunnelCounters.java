package io.mqlengine.store;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The funnel's per-day counts in the leads table. A day's counts are spread over {@value #BUCKETS} counter items,
 * {@code FUNNEL#<yyyy-mm-dd>#<bucket>} (a write, retried, always lands in the same bucket; no lead, alias or overflow key
 * starts with {@code FUNNEL#}), each holding the counters ({@link FunnelTally}) and {@code f}, the binary set of the
 * 8-byte fingerprints of the writes it counted. {@link #add} is one UpdateItem that ADDs a write's counts and its
 * fingerprint, on the condition that the fingerprint is not in the set yet: a stream retry of a counted record adds
 * nothing. The buckets keep each item small (a write costs by the item's size): about 80 counted writes per item
 * fit in one write unit, so a day of about 1,300 counted writes costs one unit per write.
 */
public final class FunnelCounters {
    /** Counter items per day. */
    public static final int BUCKETS = 16;
    /** The counted writes' fingerprints, on a counter item. */
    static final String FINGERPRINTS = "f";
    private static final int BATCH_GET = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public FunnelCounters(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The key of {@code day}'s counter item {@code bucket}. */
    public static Map<String, AttributeValue> key(LocalDate day, int bucket) {
        return Map.of(LeadAttributes.PK, AttributeValue.fromS(LeadItems.FUNNEL_PREFIX + day + "#" + bucket));
    }

    /** Adds {@code tally} once: true when it was added now, false when its write was counted before. */
    public boolean add(FunnelTally tally) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> adds = new ArrayList<>();
        names.put("#f", FINGERPRINTS);
        values.put(":fp", fingerprint(tally.fingerprint()));
        values.put(":fps", AttributeValue.fromBs(List.of(fingerprint(tally.fingerprint()).b())));
        adds.add("#f :fps");
        int i = 0;
        for (Map.Entry<String, Long> e : tally.counts().entrySet()) {
            names.put("#c" + i, e.getKey());
            values.put(":c" + i, AttributeValue.fromN(String.valueOf(e.getValue())));
            adds.add("#c" + i + " :c" + i);
            i++;
        }
        UpdateItemRequest request = UpdateItemRequest.builder().tableName(table)
                .key(key(tally.day(), bucket(tally.fingerprint())))
                .updateExpression("ADD " + String.join(", ", adds))
                .conditionExpression("NOT contains(#f, :fp)")
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        try {
            dynamo.updateItem(request);
            return true;
        } catch (ConditionalCheckFailedException counted) {
            return false;
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
