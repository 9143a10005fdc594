package io.mqlengine.local.bench;

import static io.mqlengine.local.bench.Figures.round4;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.json.EventCodec;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.ScoringModel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The naive baseline: the same traffic through a read-modify-write per event, on a table of its own. */
final class NaiveRun {
    private NaiveRun() {
    }

    static Map<String, Object> run(RunningTwin twin, TrafficMix mix, ScoringModel model, int limit, String secret,
                                   Instant now) {
        AwsUsage usage = new AwsUsage();
        DynamoDbClient dynamo = BenchTables.client(twin.dynamoEndpoint(), usage);
        String table = twin.tableName("LeadsTable") + "-naive";
        BenchTables.createLike(twin, table);
        NaiveStore naive = new NaiveStore(dynamo, table, new LeadScorer(model), new LeadIds(secret));
        int delivered = 0;
        int unique = 0;
        long nanos = 0;
        outer:
        for (TrafficMix.Request q : mix.requests()) {
            for (int copy = 0; copy < (q.duplicated() ? 2 : 1); copy++) {
                for (ObjectNode e : q.events()) {
                    long t0 = System.nanoTime();
                    naive.apply(EventCodec.fromJson(e), now);
                    nanos += System.nanoTime() - t0;
                    delivered++;
                }
            }
            unique += q.events().size();
            if (unique >= limit) {
                break outer;
            }
        }
        Map<String, Number> t = usage.totals();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("naive_events", unique);
        out.put("naive_dynamodb_wcu_per_event", round4(t.getOrDefault("DynamoDB.writeUnits", 0).doubleValue() / unique));
        out.put("naive_dynamodb_rcu_per_event", round4(t.getOrDefault("DynamoDB.readUnits", 0).doubleValue() / unique));
        double requests = t.entrySet().stream().filter(e -> e.getKey().startsWith("DynamoDB.")
                && !e.getKey().endsWith("Units") && !e.getKey().endsWith("itemsRead")).mapToDouble(e -> e.getValue().doubleValue()).sum();
        out.put("naive_dynamodb_requests_per_event", round4(requests / unique));
        out.put("naive_deliveries", delivered);
        // what a scorer invoked per message would spend, its DynamoDB round trips included
        out.put("naive_store_ms_per_delivery", round4(nanos / 1e6 / Math.max(1, delivered)));
        return out;
    }
}
