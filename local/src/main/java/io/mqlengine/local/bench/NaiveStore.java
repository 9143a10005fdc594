package io.mqlengine.local.bench;

import io.mqlengine.identity.LeadIds;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.LeadMerge;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.SeenIds;
import io.mqlengine.store.LeadAttributes;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The benchmark's baseline store, the way lead scoring is commonly built on DynamoDB: one event at a time,
 * a separate dedupe item per event, then read the lead, modify it, put the whole item back. Same scoring
 * rules and item format as the engine, so only the access pattern differs. Not used by the product.
 */
final class NaiveStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final LeadScorer scorer;
    private final LeadIds ids;

    NaiveStore(DynamoDbClient dynamo, String table, LeadScorer scorer, LeadIds ids) {
        this.dynamo = dynamo;
        this.table = table;
        this.scorer = scorer;
        this.ids = ids;
    }

    void apply(TrackingEvent e, Instant now) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(Map.of(LeadAttributes.PK, AttributeValue.fromS("EVENT#" + e.eventId())))
                    .conditionExpression(LeadItems.NOT_STORED).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        } catch (ConditionalCheckFailedException duplicate) {
            return;
        }
        LeadKey anon = LeadKey.anonymous(e.anonymousId());
        Stored anonItem = get(anon);
        if (e.type() == EventType.IDENTIFY) {
            LeadKey lead = LeadKey.lead(ids.forEmail(e.email()));
            LeadState base = get(lead) instanceof Stored.Lead p ? p.state() : LeadState.fresh(lead.id(), false, scorer.model());
            LeadState working = base;
            if (anonItem instanceof Stored.Lead p) {
                working = LeadMerge.merge(base, p.state(), scorer.model(), now).lead();
            }
            put(lead, scorer.applyAfter(base, working, Map.of(), false, List.of(e), now), now);
            dynamo.putItem(b -> b.tableName(table).item(LeadItems.alias(anon, lead.id(), 1))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            return;
        }
        LeadKey key = anonItem instanceof Stored.Alias a ? LeadKey.lead(a.leadId()) : anon;
        Stored current = key.equals(anon) ? anonItem : get(key);
        LeadState state = current instanceof Stored.Lead p ? p.state() : LeadState.fresh(key.id(), key.anonymous(), scorer.model());
        put(key, scorer.apply(state, List.of(e), now), now);
    }

    /**
     * The stored item; a lead's event ids left out: this design dedupes by its event items, so the lead item holds
     * only the ids of its last write and never spills.
     */
    private Stored get(LeadKey key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(LeadItems.key(key)).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).item();
        Stored s = item == null || item.isEmpty() ? null : LeadItems.read(item);
        return s instanceof Stored.Lead p ? new Stored.Lead(p.state().withSeen(SeenIds.EMPTY)) : s;
    }

    private void put(LeadKey key, Outcome outcome, Instant now) {
        if (outcome.unchanged()) {
            return;
        }
        // the whole item, with its exact next review time: what read-modify-write code naturally does
        LeadState s = outcome.state().toBuilder().reviewAt(scorer.nextReview(outcome.state(), now)).build();
        dynamo.putItem(b -> b.tableName(table).item(WholeLeadItem.of(key, s)).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    }
}
