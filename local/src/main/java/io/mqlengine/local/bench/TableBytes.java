package io.mqlengine.local.bench;

import io.mqlengine.store.LeadAttributes;
import io.mqlengine.store.LeadItems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a run left in the leads table, by kind of item (known lead, anonymous visitor, alias, overflow of event ids,
 * funnel counter): items and bytes by DynamoDB's size rules, the figures storage is billed on (plus AWS's 100 bytes of
 * overhead per item, which {@code table_billed_bytes} adds), and the review index's entries the same way.
 */
final class TableBytes {
    /** DynamoDB bills storage per item as its size plus 100 bytes of indexing overhead. */
    static final int ITEM_OVERHEAD_BYTES = 100;

    private TableBytes() {
    }

    static Map<String, Object> of(DynamoDbClient dynamo, String table) {
        Map<String, long[]> kinds = new TreeMap<>();
        long items = 0;
        long bytes = 0;
        long entries = 0;
        long indexBytes = 0;
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table)).items()) {
            long size = LeadItemSizes.size(item);
            if (item.containsKey(LeadAttributes.REVIEW_SHARD) && item.containsKey(LeadAttributes.REVIEW_AT)) {
                entries++;
                indexBytes += indexEntry(item);
            }
            long[] k = kinds.computeIfAbsent(kind(item), x -> new long[2]);
            k[0]++;
            k[1] += size;
            items++;
            bytes += size;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("table_items", items);
        f.put("table_bytes", bytes);
        f.put("table_billed_bytes", bytes + items * ITEM_OVERHEAD_BYTES);
        f.put("index_entries", entries);
        f.put("index_billed_bytes", indexBytes + entries * ITEM_OVERHEAD_BYTES);
        Map<String, Object> byKind = new LinkedHashMap<>();
        kinds.forEach((kind, k) -> byKind.put(kind, Map.of("items", k[0], "bytes", k[1],
                "bytes_mean", Math.round((double) k[1] / k[0]))));
        f.put("table_by_kind", byKind);
        long known = kinds.getOrDefault("lead", new long[2])[0];
        f.put("table_billed_bytes_per_known_lead", known == 0 ? null
                : Math.round((double) (bytes + items * ITEM_OVERHEAD_BYTES) / known));
        return f;
    }

    /** The review index's copy of an item: its keys, the index's keys and the projected attributes. */
    private static long indexEntry(Map<String, AttributeValue> item) {
        long size = 0;
        List<String> names = new ArrayList<>(List.of(LeadAttributes.PK, LeadAttributes.REVIEW_SHARD,
                LeadAttributes.REVIEW_AT));
        names.addAll(LeadItems.REVIEW_PROJECTION);
        for (String name : names) {
            AttributeValue v = item.get(name);
            if (v != null) {
                size += name.length() + LeadItemSizes.size(v);
            }
        }
        return size;
    }

    private static String kind(Map<String, AttributeValue> item) {
        String pk = item.get(LeadAttributes.PK).s();
        if (pk.startsWith(LeadItems.FUNNEL_PREFIX)) {
            return "funnel";
        }
        if (pk.startsWith("SEEN#")) { // LeadItems.OVERFLOW_PREFIX, not public
            return "overflow";
        }
        if (item.containsKey(LeadAttributes.ALIAS_TO)) {
            return "alias";
        }
        return pk.startsWith("ANON#") ? "anonymous" : "lead";
    }
}
