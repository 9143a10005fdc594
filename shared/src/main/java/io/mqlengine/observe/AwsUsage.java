package io.mqlengine.observe;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts what this process asks of AWS: requests per service and operation, DynamoDB read and write
 * capacity units (from {@code ReturnConsumedCapacity}, which every call of ours asks for) and items read.
 * A write that asks for {@code TOTAL} is sent asking for {@code INDEXES}, which returns the same total and,
 * besides, the secondary indexes' share of it ("DynamoDB.indexWriteUnits"); it costs nothing more.
 * Installed on every client {@code config.AwsClients} builds; handlers log the delta of each
 * invocation, so cost per batch is visible in the logs, and the benchmark reads the totals.
 */
public final class AwsUsage implements ExecutionInterceptor {
    /** What every client built by {@code config.AwsClients} counts into. */
    public static final AwsUsage PROCESS = new AwsUsage();

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final DoubleAdder readUnits = new DoubleAdder();
    private final DoubleAdder writeUnits = new DoubleAdder();
    /**
     * What the current invocation used: sync clients call interceptors on the calling thread, and
     * {@link #propagating} carries the invocation's map to worker threads.
     */
    private static final ThreadLocal<Map<String, Double>> INVOCATION = ThreadLocal.withInitial(ConcurrentHashMap::new);

    private final DoubleAdder indexWriteUnits = new DoubleAdder();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity indexes = ReturnConsumedCapacity.INDEXES;
        if (r instanceof UpdateItemRequest u && u.returnConsumedCapacity() == ReturnConsumedCapacity.TOTAL) {
            return u.toBuilder().returnConsumedCapacity(indexes).build();
        } else if (r instanceof PutItemRequest p && p.returnConsumedCapacity() == ReturnConsumedCapacity.TOTAL) {
            return p.toBuilder().returnConsumedCapacity(indexes).build();
        } else if (r instanceof DeleteItemRequest d && d.returnConsumedCapacity() == ReturnConsumedCapacity.TOTAL) {
            return d.toBuilder().returnConsumedCapacity(indexes).build();
        } else if (r instanceof TransactWriteItemsRequest t && t.returnConsumedCapacity() == ReturnConsumedCapacity.TOTAL) {
            return t.toBuilder().returnConsumedCapacity(indexes).build();
        } else if (r instanceof BatchWriteItemRequest w && w.returnConsumedCapacity() == ReturnConsumedCapacity.TOTAL) {
            return w.toBuilder().returnConsumedCapacity(indexes).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).equalsIgnoreCase("DynamoDb")
                ? "DynamoDB" : attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toUpperCase(Locale.ROOT);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        count(service + "." + operation, 1);
        SdkResponse r = context.response();
        if (r instanceof UpdateItemResponse u) {
            units(writeUnits, u.consumedCapacity());
        } else if (r instanceof PutItemResponse p) {
            units(writeUnits, p.consumedCapacity());
        } else if (r instanceof DeleteItemResponse d) {
            units(writeUnits, d.consumedCapacity());
        } else if (r instanceof TransactWriteItemsResponse t) {
            t.consumedCapacity().forEach(c -> units(writeUnits, c));
        } else if (r instanceof BatchWriteItemResponse w) {
            w.consumedCapacity().forEach(c -> units(writeUnits, c));
        } else if (r instanceof GetItemResponse g) {
            units(readUnits, g.consumedCapacity());
            count("DynamoDB.itemsRead", g.hasItem() && !g.item().isEmpty() ? 1 : 0);
        } else if (r instanceof BatchGetItemResponse b) {
            b.consumedCapacity().forEach(c -> units(readUnits, c));
            count("DynamoDB.itemsRead", b.responses().values().stream().mapToLong(List::size).sum());
        } else if (r instanceof QueryResponse q) {
            units(readUnits, q.consumedCapacity());
            count("DynamoDB.itemsRead", q.count());
        }
    }

    private void units(DoubleAdder sum, ConsumedCapacity c) {
        if (c != null && c.capacityUnits() != null) {
            sum.add(c.capacityUnits());
            INVOCATION.get().merge(sum == writeUnits ? "dynamodbWriteUnits" : "dynamodbReadUnits", c.capacityUnits(),
                    Double::sum);
            if (sum == writeUnits) {
                double index = 0;
                if (c.hasGlobalSecondaryIndexes()) {
                    index += c.globalSecondaryIndexes().values().stream().mapToDouble(AwsUsage::units).sum();
                }
                if (c.hasLocalSecondaryIndexes()) {
                    index += c.localSecondaryIndexes().values().stream().mapToDouble(AwsUsage::units).sum();
                }
                indexWriteUnits.add(index);
            }
        }
    }

    private static double units(Capacity c) {
        return c == null || c.capacityUnits() == null ? 0 : c.capacityUnits();
    }

    private void count(String key, long n) {
        counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
        if (!key.endsWith("itemsRead")) {
            INVOCATION.get().merge(key.startsWith("DynamoDB") ? "dynamodbRequests" : "sqsRequests", (double) n,
                    Double::sum);
        }
    }

    /** Starts counting this thread's usage for one invocation. */
    public static void startInvocation() {
        INVOCATION.set(new ConcurrentHashMap<>());
    }

    /** An executor whose tasks count into the invocation of the thread that submitted them. */
    public static Executor propagating(Executor executor) {
        return task -> {
            Map<String, Double> invocation = INVOCATION.get();
            executor.execute(() -> {
                Map<String, Double> previous = INVOCATION.get();
                INVOCATION.set(invocation);
                try {
                    task.run();
                } finally {
                    INVOCATION.set(previous);
                }
            });
        };
    }

    /** This thread's usage since {@link #startInvocation()}: requests per service and capacity units. */
    public static Map<String, Double> invocation() {
        return new TreeMap<>(INVOCATION.get());
    }

    /** Totals counted by this interceptor: "DynamoDB.UpdateItem" → requests, "DynamoDB.readUnits", ... */
    public Map<String, Number> totals() {
        Map<String, Number> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        out.put("DynamoDB.readUnits", readUnits.sum());
        out.put("DynamoDB.writeUnits", writeUnits.sum());
        out.put("DynamoDB.indexWriteUnits", indexWriteUnits.sum());
        return out;
    }
}
