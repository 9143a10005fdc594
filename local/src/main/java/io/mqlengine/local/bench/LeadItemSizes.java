package io.mqlengine.local.bench;

import static io.mqlengine.local.bench.Figures.percentile;

import io.mqlengine.store.LeadAttributes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The size of the lead items a run left, by DynamoDB's documented rules (what a write's capacity units are computed
 * from), and how many overflow items of event ids busy leads needed.
 */
final class LeadItemSizes {
    private LeadItemSizes() {
    }

    /**
     * Figures: lead item bytes p50/p99/max, the dedupe ids' share of it, the count of overflow items and the share of
     * lead items above 1 KB.
     */
    static Map<String, Object> of(DynamoDbClient dynamo, String table) {
        List<Long> leads = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        int overflow = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse r = dynamo.scan(b -> b.tableName(table).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : r.items()) {
                String pk = item.get(LeadAttributes.PK).s();
                if (pk.startsWith("SEEN#")) {
                    overflow++;
                } else if (pk.startsWith(io.mqlengine.store.LeadItems.FUNNEL_PREFIX)) {
                    continue; // a funnel counter item, not a lead
                } else if (!item.containsKey(LeadAttributes.ALIAS_TO)) {
                    leads.add(size(item));
                    AttributeValue seen = item.get(LeadAttributes.SEEN_IDS);
                    ids.add(seen == null ? 0 : LeadAttributes.SEEN_IDS.length() + (long) seen.b().asByteArray().length);
                }
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        long[] sizes = leads.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] idSizes = ids.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("lead_items", sizes.length);
        f.put("lead_item_bytes_p50", sizes.length == 0 ? 0 : percentile(sizes, 50));
        f.put("lead_item_bytes_p99", sizes.length == 0 ? 0 : percentile(sizes, 99));
        f.put("lead_item_bytes_max", sizes.length == 0 ? 0 : sizes[sizes.length - 1]);
        f.put("lead_item_dedupe_bytes_p99", idSizes.length == 0 ? 0 : percentile(idSizes, 99));
        f.put("overflow_items", overflow);
        // above 1,024 bytes a write of the item costs two units or more
        long over = Arrays.stream(sizes).filter(b -> b > 1024).count();
        f.put("items_over_1kb_fraction", sizes.length == 0 ? 0.0 : Figures.round4((double) over / sizes.length));
        return f;
    }

    static long size(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + size(e.getValue());
        }
        return size;
    }

    /** One value: strings and names by UTF-8 length, numbers by half their digits plus one, 3 bytes per list or map. */
    static long size(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return number(v.n());
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(LeadItemSizes::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(LeadItemSizes::number).sum();
        }
        if (v.hasBs()) {
            return v.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + size(e.getValue())).sum();
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToLong(x -> 1 + size(x)).sum();
        }
        return 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long number(String n) {
        String digits = n.replaceAll("[^0-9]", "").replaceFirst("^0+", "");
        return (digits.length() + 1) / 2 + 1;
    }
}
