package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.emulator.dynamodb.DynamoDbEmulator;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadAttributes;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The benchmark's whole item against the item the engine's conditional updates build, on the DynamoDB emulator. */
class WholeLeadItemTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadScorer SCORER = new LeadScorer(MODEL);
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private static DynamoDbEmulator emulator;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() throws Exception {
        emulator = DynamoDbEmulator.builder().port(0).build().start();
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(emulator.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        dynamo.createTable(b -> b.tableName("leads").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(LeadAttributes.PK).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(LeadAttributes.PK).keyType(KeyType.HASH)));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        emulator.close();
    }

    private static TrackingEvent event(EventType type, String name, Traits traits, Map<String, Object> context,
                                       Map<String, Object> properties, Instant at) {
        return new TrackingEvent("e-" + at.toEpochMilli() + "-" + type + "-" + name, type, name, "a-l9", null, traits, at,
                context, properties);
    }

    @Test
    void of_shouldHoldTheSameLeadAsTheUpdatesThatBuiltIt() {
        DynamoLeadStore store = new DynamoLeadStore(dynamo, "leads", Duration.ofDays(30));
        LeadKey key = LeadKey.lead("l9");
        Traits ada = new Traits("l9@acme.io", "Ada", "Lovelace", "VP Engineering", "Analytical Engines", 200, "software", "US");
        Outcome created = SCORER.apply(LeadState.fresh("l9", false, MODEL),
                List.of(event(EventType.IDENTIFY, null, ada, Map.of(), Map.of(), T0)), T0);
        store.write(key, created, List.of(), T0);
        Instant start = T0.plusSeconds(60);
        List<TrackingEvent> activity = List.of(
                event(EventType.PAGE, null, null, Map.of("page", Map.of("path", "/pricing")), Map.of(), start),
                event(EventType.PAGE, null, null, Map.of("page", Map.of("path", "/product/a")), Map.of(), start.plusSeconds(10)),
                event(EventType.TRACK, "Webinar Attended", null, Map.of(), Map.of(), start.plusSeconds(20)),
                event(EventType.TRACK, "Content Downloaded", null, Map.of(), Map.of("assetType", "ebook"), start.plusSeconds(30)));
        Outcome scored = SCORER.apply(created.state(), activity, T0.plusSeconds(120));
        store.write(key, scored, List.of(), T0.plusSeconds(120));

        Map<String, AttributeValue> updated = dynamo.getItem(b -> b.tableName("leads").key(LeadItems.key(key))).item();
        LeadState fromUpdates = ((Stored.Lead) LeadItems.read(updated)).state();
        Map<String, AttributeValue> put = WholeLeadItem.of(key, fromUpdates);
        assertThat(((Stored.Lead) LeadItems.read(put)).state()).isEqualTo(fromUpdates);
        assertThat(put.keySet()).containsExactlyInAnyOrderElementsOf(updated.keySet());
    }
}
