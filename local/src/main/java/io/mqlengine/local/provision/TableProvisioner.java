package io.mqlengine.local.provision;

import io.mqlengine.local.plan.TablePlan;
import io.mqlengine.local.template.TemplateRefusal;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Creates each template table in the DynamoDB emulator, or checks the one a --data-dir kept still matches. */
public final class TableProvisioner {
    private final DynamoDbClient dynamo;

    public TableProvisioner(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** Returns the table's real stream ARN, if it has a stream. */
    public Optional<String> provision(TablePlan plan) {
        try {
            dynamo.createTable(plan.create());
        } catch (ResourceInUseException exists) {
            checkKept(plan, describe(plan));
        }
        plan.ttlAttribute().ifPresent(attribute -> {
            TimeToLiveStatus status = dynamo.describeTimeToLive(b -> b.tableName(plan.name())).timeToLiveDescription()
                    .timeToLiveStatus();
            if (status != TimeToLiveStatus.ENABLED) {
                dynamo.updateTimeToLive(b -> b.tableName(plan.name()).timeToLiveSpecification(t -> t.enabled(true)
                        .attributeName(attribute)));
            }
        });
        return Optional.ofNullable(describe(plan).latestStreamArn());
    }

    private TableDescription describe(TablePlan plan) {
        return dynamo.describeTable(b -> b.tableName(plan.name())).table();
    }

    private static void checkKept(TablePlan plan, TableDescription kept) {
        List<String> wantedIndexes = plan.create().globalSecondaryIndexes().stream().map(g -> g.indexName()).sorted().toList();
        List<String> keptIndexes = kept.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName)
                .sorted().toList();
        boolean sameKeys = kept.keySchema().equals(plan.create().keySchema());
        boolean sameStream = (kept.streamSpecification() != null && Boolean.TRUE.equals(kept.streamSpecification().streamEnabled()))
                == (plan.create().streamSpecification() != null);
        if (!sameKeys || !wantedIndexes.equals(keptIndexes) || !sameStream) {
            throw new TemplateRefusal("Resources." + plan.logicalId(), "the table kept in --data-dir (keys " + kept.keySchema()
                    + ", indexes " + keptIndexes + ") differs from the template; delete the data directory's dynamodb folder to recreate it");
        }
    }
}
