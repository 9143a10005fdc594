package io.mqlengine.local.bench;

import static io.mqlengine.local.bench.Figures.round4;

import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Transition;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the funnel counters cost in a run on a fresh table: the lifecycle function's DynamoDB writes (its only writes
 * are the counter updates), against the funnel steps the leads' items record (new known leads, counted stage changes,
 * missed SLAs) and the events posted.
 */
final class FunnelCost {
    private static final Set<Stage> COUNTED = Set.of(Stage.MQL, Stage.SAL, Stage.SQL, Stage.CUSTOMER, Stage.RECYCLED,
            Stage.DISQUALIFIED);

    /**
     * A counter write is an UpdateItem, or past the item's fingerprint limit a TransactWriteItems with its marker item
     * ({@code FunnelCounters}).
     */
    private static final List<String> COUNTER_WRITES = List.of("UpdateItem", "TransactWriteItems");

    private FunnelCost() {
    }

    /**
     * {@code lifecycleUsage} is the lifecycle function's AWS use over the table's whole life (against every step its
     * leads record); {@code measured} is its use during the run of {@code events} events alone.
     */
    static Map<String, Object> of(DynamoDbClient dynamo, String table, Map<String, Number> lifecycleUsage,
                                  Map<String, Number> measured, double events) {
        long steps = 0;
        for (var item : dynamo.scanPaginator(b -> b.tableName(table)).items()) {
            if (LeadItems.read(item) instanceof Stored.Lead p && !p.state().anonymous()) {
                LeadState s = p.state();
                steps += 1 + (s.slaMissedAt() == null ? 0 : 1);
                for (Transition t : s.history()) {
                    steps += COUNTED.contains(t.to()) ? 1 : 0;
                }
            }
        }
        double writes = Figures.sum(lifecycleUsage, "DynamoDB.", COUNTER_WRITES);
        double measuredWrites = Figures.sum(measured, "DynamoDB.", COUNTER_WRITES);
        double units = measured.getOrDefault("DynamoDB.writeUnits", 0).doubleValue();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("funnel_steps", steps);
        f.put("funnel_writes", Math.round(writes));
        f.put("funnel_writes_per_transition", steps == 0 ? null : round4(writes / steps));
        f.put("funnel_writes_per_event", round4(measuredWrites / events));
        f.put("funnel_wcu_per_event", round4(units / events));
        return f;
    }
}
