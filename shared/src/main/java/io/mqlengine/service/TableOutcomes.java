package io.mqlengine.service;

import io.mqlengine.model.SalesOutcome;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sales outcomes the leads table knows, for a what-if run from the console: every applied outcome of every known
 * lead, by lead id. One scan of the table per what-if, so its cost grows with the table (as the replay's grows with
 * the archive); the console asks for it only when someone uploads a candidate.
 */
public final class TableOutcomes implements Supplier<List<SalesOutcome>> {
    private final DynamoDbClient dynamo;
    private final String table;

    public TableOutcomes(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<SalesOutcome> get() {
        List<SalesOutcome> out = new ArrayList<>();
        Map<String, String> names = Map.of("#pk", "pk");
        Map<String, AttributeValue> values = Map.of(":lead", AttributeValue.fromS("LEAD#"));
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table)
                .filterExpression("begins_with(#pk, :lead)").expressionAttributeNames(names)
                .expressionAttributeValues(values)).items()) {
            if (LeadItems.read(item) instanceof Stored.Lead p && !p.state().anonymous()) {
                for (LeadState.Verdict v : p.state().outcomes()) {
                    if (v.status() == LeadState.Verdict.Status.APPLIED) {
                        out.add(new SalesOutcome(v.outcomeId(), new SalesOutcome.Target(p.state().id(), null, null),
                                v.outcome(), v.reason(), v.at(), v.by()));
                    }
                }
            }
        }
        return out;
    }
}
