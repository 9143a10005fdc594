package io.mqlengine.local.bench;

import io.mqlengine.local.RunningTwin;
import io.mqlengine.observe.AwsUsage;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/** Tables beside the twin's leads table for the baselines and the sweep, and DynamoDB clients that count their use. */
final class BenchTables {
    private BenchTables() {
    }

    /** A table with the leads table's keys, index, stream and TTL, for a baseline or the sweep's bulk load. */
    static void createLike(RunningTwin twin, String name) {
        var dynamo = twin.clients().dynamo();
        var source = dynamo.describeTable(b -> b.tableName(twin.tableName("LeadsTable"))).table();
        dynamo.createTable(b -> b.tableName(name).attributeDefinitions(source.attributeDefinitions())
                .keySchema(source.keySchema()).billingMode("PAY_PER_REQUEST")
                .globalSecondaryIndexes(source.globalSecondaryIndexes().stream().map(i ->
                        GlobalSecondaryIndex.builder().indexName(i.indexName())
                                .keySchema(i.keySchema()).projection(i.projection()).build()).toList()));
    }

    static DynamoDbClient client(String endpoint, AwsUsage usage) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(usage).build()).build();
    }
}
