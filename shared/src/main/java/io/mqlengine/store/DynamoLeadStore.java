package io.mqlengine.store;

import static io.mqlengine.store.LeadAttributes.ANNOUNCES;
import static io.mqlengine.store.LeadAttributes.EXPIRES_AT;
import static io.mqlengine.store.LeadAttributes.HANDED_OFF;
import static io.mqlengine.store.LeadAttributes.HANDOFF_PENDING;
import static io.mqlengine.store.LeadAttributes.OVERFLOW_IDS;
import static io.mqlengine.store.LeadAttributes.PK;
import static io.mqlengine.store.LeadAttributes.QUALIFICATIONS;
import static io.mqlengine.store.LeadAttributes.REVIEW_AT;
import static io.mqlengine.store.LeadAttributes.REVIEW_SHARD;
import static io.mqlengine.store.LeadAttributes.STAGE;
import static io.mqlengine.store.LeadAttributes.VERSION;

import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The lead store on one DynamoDB table (single-table design, see {@link LeadItems}). Reads are batched
 * (one BatchGetItem per 100 keys); each lead write is one conditional UpdateItem, or one transaction
 * when it also links anonymous ids.
 */
public final class DynamoLeadStore implements LeadStore {
    private static final int BATCH_GET_MAX = 100;
    private static final int BATCH_WRITE_MAX = 25;
    /**
     * How long an overflow item outlives its day before the table's TTL removes it: longer than any dedupe horizon
     * the score function accepts ({@code MAX_EVENT_AGE} is checked against it at start).
     */
    public static final Duration OVERFLOW_KEPT = Duration.ofDays(90);
    private static final int UNPROCESSED_RETRIES = 8;
    /**
     * Qualification {@code :q} is still the one {@code LeadState.handoffPending()} reports: DynamoDB checks it in the
     * write that records the handoff, so a handoff is recorded once, and never over a newer qualification or a lead
     * that left MQL meanwhile. A condition cannot call Java, so this is that method's rule in stored form.
     */
    private static final String STILL_PENDING = QUALIFICATIONS + " = :q AND " + STAGE + " = :mql AND (attribute_not_exists("
            + HANDED_OFF + ") OR " + HANDED_OFF + " < :q)";

    private final DynamoDbClient dynamo;
    private final String table;
    private final long anonymousRetentionSeconds;
    private final AwsRequestOverrideConfiguration limits;

    /**
     * @param anonymousRetention how long an archived anonymous lead is kept before the table's TTL removes it
     */
    public DynamoLeadStore(DynamoDbClient dynamo, String table, Duration anonymousRetention) {
        this(dynamo, table, anonymousRetention, null);
    }

    /**
     * @param callTimeout how long one DynamoDB call may take, the SDK's retries included; null leaves the SDK's
     *                    own limits, under which a throttled call retries for 35 seconds or more
     */
    public DynamoLeadStore(DynamoDbClient dynamo, String table, Duration anonymousRetention, Duration callTimeout) {
        this.dynamo = dynamo;
        this.table = table;
        this.anonymousRetentionSeconds = anonymousRetention.getSeconds();
        this.limits = callTimeout == null ? null
                : AwsRequestOverrideConfiguration.builder().apiCallTimeout(callTimeout).build();
    }

    @Override
    public Map<LeadKey, Stored> load(Collection<LeadKey> keys, boolean consistent) {
        Map<LeadKey, Stored> out = new HashMap<>();
        List<LeadKey> all = new ArrayList<>(new LinkedHashSet<>(keys));
        for (int from = 0; from < all.size(); from += BATCH_GET_MAX) {
            batchGet(all.subList(from, Math.min(all.size(), from + BATCH_GET_MAX)).stream().map(LeadItems::key)
                    .toList(), consistent, item -> out.put(LeadKey.fromPk(item.get(PK).s()), LeadItems.read(item)));
        }
        return out;
    }

    /** One BatchGetItem of at most 100 keys, retried while keys are left unprocessed; each item to {@code found}. */
    private void batchGet(List<Map<String, AttributeValue>> keys, boolean consistent,
                          Consumer<Map<String, AttributeValue>> found) {
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(consistent).build());
        for (int attempt = 0; !request.isEmpty(); attempt++) {
            if (attempt > UNPROCESSED_RETRIES) {
                throw new IllegalStateException("BatchGetItem left keys unprocessed after " + attempt + " attempts");
            }
            backoff(attempt);
            BatchGetItemResponse r = dynamo.batchGetItem(BatchGetItemRequest.builder().requestItems(request)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).overrideConfiguration(limits).build());
            r.responses().getOrDefault(table, List.of()).forEach(found);
            request = r.unprocessedKeys();
        }
    }

    @Override
    public Map<Integer, long[]> loadOverflow(LeadKey lead, Set<Integer> days) {
        Map<Integer, long[]> out = new HashMap<>();
        if (!days.isEmpty()) {
            // at most one item per day of the dedupe horizon: one call
            batchGet(days.stream().map(d -> LeadItems.overflowKey(lead, d)).toList(), true,
                    item -> out.put(LeadItems.overflowDay(item), LeadItemValues.fingerprints(item.get(OVERFLOW_IDS))));
        }
        return out;
    }

    /** Adds the fingerprints a write spills to the lead's overflow items (a set: adding one twice changes nothing). */
    private void spill(LeadKey key, Map<Integer, long[]> spill) {
        spill.forEach((day, ids) -> dynamo.updateItem(b -> b.tableName(table).key(LeadItems.overflowKey(key, day))
                .updateExpression("ADD " + OVERFLOW_IDS + " :f SET " + EXPIRES_AT + " = :x")
                .expressionAttributeValues(Map.of(":f", LeadItemValues.fingerprints(ids),
                        ":x", AttributeValue.fromN(String.valueOf((day + 1L) * 86_400 + OVERFLOW_KEPT.toSeconds()))))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).overrideConfiguration(limits)));
    }

    @Override
    public void write(LeadKey key, Outcome outcome, List<IdentityLink> links, Instant now) {
        spill(key, outcome.state().seen().spill());
        LeadUpdate update = LeadUpdate.of(key, outcome, now, anonymousRetentionSeconds);
        if (links.isEmpty()) {
            try {
                dynamo.updateItem(update.request(table, key).toBuilder()
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).overrideConfiguration(limits).build());
            } catch (ConditionalCheckFailedException e) {
                throw new VersionConflictException(key, "version " + outcome.change().expectedVersion() + " expected");
            } catch (TransactionConflictException e) {
                throw new VersionConflictException(key, "a transaction on the item was in progress");
            }
            return;
        }
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(update.transactional(table, key)).build());
        for (IdentityLink link : links) {
            items.add(TransactWriteItem.builder().put(alias(link, key.id())).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .overrideConfiguration(limits));
        } catch (TransactionCanceledException e) {
            boolean conflict = e.cancellationReasons().stream().map(CancellationReason::code)
                    .anyMatch(code -> "ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code));
            if (conflict) {
                throw new VersionConflictException(key, "lead or linked anonymous id changed: "
                        + e.cancellationReasons().stream().map(CancellationReason::code).toList());
            }
            throw e;
        }
    }

    /** The alias item replacing whatever the anonymous id held, if it still holds what was read. */
    private Put alias(IdentityLink link, String leadId) {
        LeadKey anon = LeadKey.anonymous(link.anonymousId());
        long before = link.before() instanceof Stored.Alias a ? a.version()
                : link.before() instanceof Stored.Lead p ? p.state().version() : 0;
        Put.Builder put = Put.builder().tableName(table).item(LeadItems.alias(anon, leadId, before + 1));
        if (link.before() == null) {
            return put.conditionExpression(LeadItems.NOT_STORED).build();
        }
        return put.conditionExpression(VERSION + " = :v").expressionAttributeValues(
                Map.of(":v", AttributeValue.fromN(String.valueOf(before)))).build();
    }

    @Override
    public void tombstone(LeadKey key, Stored expected, Instant erasedAt, Instant expiresAt) {
        if (expected instanceof Stored.Erased) {
            return;
        }
        long version = expected instanceof Stored.Alias a ? a.version()
                : expected instanceof Stored.Lead p ? p.state().version() : 0;
        try {
            if (expected == null) {
                dynamo.putItem(b -> b.tableName(table).item(LeadItems.tombstone(key, erasedAt, expiresAt))
                        .conditionExpression(LeadItems.NOT_STORED)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).overrideConfiguration(limits));
            } else {
                dynamo.putItem(b -> b.tableName(table).item(LeadItems.tombstone(key, erasedAt, expiresAt))
                        .conditionExpression(VERSION + " = :v")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(String.valueOf(version))))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).overrideConfiguration(limits));
            }
        } catch (ConditionalCheckFailedException e) {
            throw new VersionConflictException(key, "changed since it was read for erasure");
        } catch (TransactionConflictException e) {
            throw new VersionConflictException(key, "a transaction on the item was in progress");
        }
    }

    @Override
    public void deleteOverflow(LeadKey key, Collection<Integer> days) {
        List<WriteRequest> deletes = days.stream().distinct().map(d -> WriteRequest.builder()
                .deleteRequest(DeleteRequest.builder().key(LeadItems.overflowKey(key, d)).build()).build()).toList();
        for (int from = 0; from < deletes.size(); from += BATCH_WRITE_MAX) {
            Map<String, List<WriteRequest>> request = Map.of(table,
                    deletes.subList(from, Math.min(deletes.size(), from + BATCH_WRITE_MAX)));
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt > UNPROCESSED_RETRIES) {
                    throw new IllegalStateException("BatchWriteItem left deletes unprocessed after " + attempt
                            + " attempts");
                }
                backoff(attempt);
                Map<String, List<WriteRequest>> r = request;
                request = dynamo.batchWriteItem(b -> b.requestItems(r)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).overrideConfiguration(limits))
                        .unprocessedItems();
            }
        }
    }

    @Override
    public DuePage due(Instant now, int limit, String cursor) {
        int shard = 0;
        Map<String, AttributeValue> start = null;
        if (cursor != null) {
            String[] parts = cursor.split("\\|", 3);
            shard = Integer.parseInt(parts[0]);
            if (parts.length == 3) {
                start = Map.of(PK, AttributeValue.fromS(parts[2]), REVIEW_SHARD, AttributeValue.fromN(parts[0]),
                        REVIEW_AT, AttributeValue.fromN(parts[1]));
            }
        }
        List<LeadKey> keys = new ArrayList<>();
        Map<LeadKey, LeadState> indexed = new HashMap<>();
        while (shard < LeadItems.REVIEW_SHARDS) {
            QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table).indexName(LeadItems.REVIEW_INDEX)
                    .keyConditionExpression(REVIEW_SHARD + " = :s AND " + REVIEW_AT + " <= :now")
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromN(String.valueOf(shard)),
                            ":now", AttributeValue.fromN(String.valueOf(now.getEpochSecond()))))
                    .exclusiveStartKey(start).limit(limit - keys.size())
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).overrideConfiguration(limits).build());
            for (Map<String, AttributeValue> entry : r.items()) {
                LeadKey key = LeadKey.fromPk(entry.get(PK).s());
                keys.add(key);
                LeadState partial = LeadItems.reviewed(entry);
                if (partial != null) {
                    indexed.put(key, partial);
                }
            }
            if (r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()) {
                Map<String, AttributeValue> last = r.lastEvaluatedKey();
                return new DuePage(keys, shard + "|" + last.get(REVIEW_AT).n() + "|" + last.get(PK).s(), indexed);
            }
            shard++;
            start = null;
            if (keys.size() >= limit && shard < LeadItems.REVIEW_SHARDS) {
                return new DuePage(keys, String.valueOf(shard), indexed);
            }
        }
        return new DuePage(keys, null, indexed);
    }

    /** One conditional UpdateItem of what the review changed; no read (see {@link LeadUpdate#review}). */
    @Override
    public void writeReview(LeadKey key, LeadState read, Outcome outcome, Instant now) {
        LeadUpdate update = LeadUpdate.review(key, read, outcome, now, anonymousRetentionSeconds);
        try {
            dynamo.updateItem(update.request(table, key).toBuilder()
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).overrideConfiguration(limits).build());
        } catch (ConditionalCheckFailedException e) {
            throw new VersionConflictException(key, "the lead changed or was seen since its review index entry");
        } catch (TransactionConflictException e) {
            throw new VersionConflictException(key, "a transaction on the item was in progress");
        }
    }

    @Override
    public boolean markHandedOff(String leadId, int qualification, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(LeadItems.key(LeadKey.lead(leadId)))
                    .updateExpression("SET " + HANDED_OFF + " = :q REMOVE " + HANDOFF_PENDING + ", " + ANNOUNCES)
                    .conditionExpression(STILL_PENDING)
                    .expressionAttributeValues(Map.of(":q", AttributeValue.fromN(String.valueOf(qualification)),
                            ":mql", AttributeValue.fromS(Stage.MQL.name())))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).overrideConfiguration(limits));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static void backoff(int attempt) {
        if (attempt == 0) {
            return;
        }
        try {
            Thread.sleep(Math.min(1000, 20L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying unprocessed keys", e);
        }
    }
}
