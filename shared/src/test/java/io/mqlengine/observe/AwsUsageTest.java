package io.mqlengine.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/** The write units a client's calls consumed, and the review index's share of them. */
class AwsUsageTest {

    @Test
    void totals_shouldCountTheIndexWriteUnitsApart_whenAWriteAsksForTotal() {
        AwsUsage usage = new AwsUsage();
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(URI.create(Emulators.get().dynamoEndpoint()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(usage).build()).build();
        String table = TemplateResources.createTable(dynamo, "LeadsTable");

        PutItemResponse indexed = dynamo.putItem(b -> b.tableName(table).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .item(Map.of("pk", AttributeValue.fromS("LEAD#a"), "rs", AttributeValue.fromN("3"),
                        "reviewAt", AttributeValue.fromN("1700000000"))));
        dynamo.putItem(b -> b.tableName(table).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .item(Map.of("pk", AttributeValue.fromS("LEAD#b"))));

        // the item in the index costs a unit there besides its table unit; the one outside it costs none
        assertThat(indexed.consumedCapacity().capacityUnits()).isEqualTo(2.0);
        assertThat(usage.totals().get("DynamoDB.indexWriteUnits").doubleValue()).isEqualTo(1.0);
        assertThat(usage.totals().get("DynamoDB.writeUnits").doubleValue()).isEqualTo(3.0);
    }
}
