package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.Ev;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * What projecting the sweep's attributes into the review index costs in index writes: the same scoring, qualifying
 * and handoff writes on the template's table and on one whose index carries keys only; the table's own units are the
 * same on both, so the difference is the index's.
 */
class ReviewIndexWritesTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadScorer SCORER = new LeadScorer(MODEL);
    private static final LeadIds IDS = new LeadIds("index-writes-test-secret");
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static final int LEADS = 20;
    private static final int BATCHES = 10;

    @Test
    void projection_shouldAddAtMostFiveHundredthsOfAWriteUnitPerEvent_overAKeysOnlyIndex() {
        DynamoDbClient plain = Emulators.get().dynamo();
        String included = TemplateResources.createTable(plain, "LeadsTable");
        String keysOnly = included + "-keys";
        var source = plain.describeTable(b -> b.tableName(included)).table();
        plain.createTable(b -> b.tableName(keysOnly).attributeDefinitions(source.attributeDefinitions())
                .keySchema(source.keySchema()).billingMode("PAY_PER_REQUEST")
                .globalSecondaryIndexes(source.globalSecondaryIndexes().stream().map(i -> GlobalSecondaryIndex.builder()
                        .indexName(i.indexName()).keySchema(i.keySchema())
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build())
                        .toList()));

        double withProjection = units(included);
        double keysOnlyUnits = units(keysOnly);
        double events = LEADS * BATCHES * 2.0;
        double perEvent = (withProjection - keysOnlyUnits) / events;
        System.out.printf("review index: %.1f units with INCLUDE, %.1f keys only, %d events: %+.4f WCU per event%n",
                withProjection, keysOnlyUnits, (int) events, perEvent);

        assertThat(perEvent).as("index write units per event added by the projection").isBetween(0.0, 0.05);
    }

    /** Write units of a small journey per lead: page views in batches of two, a demo request, the handoff mark. */
    private static double units(String table) {
        AwsUsage usage = new AwsUsage();
        DynamoDbClient counted = DynamoDbClient.builder().endpointOverride(URI.create(Emulators.get().dynamoEndpoint()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(usage).build())
                .build();
        DynamoLeadStore store = new DynamoLeadStore(counted, table, Duration.ofDays(30));
        for (int l = 0; l < LEADS; l++) {
            String email = "p" + l + "@acme.io";
            LeadKey key = LeadKey.lead(IDS.forEmail(email));
            LeadState s = LeadState.fresh(key.id(), false, MODEL);
            for (int b = 0; b < BATCHES; b++) {
                Instant at = T0.plusSeconds(60L * b);
                List<TrackingEvent> batch = b == 0
                        ? List.of(Ev.identify("a" + l, Ev.fitting(email), at), Ev.page("a" + l, "/pricing", at))
                        : b == BATCHES / 2 && l % 4 == 0
                        ? List.of(Ev.page("a" + l, "/docs", at), Ev.track("a" + l, "Demo Requested", at.plusSeconds(1)))
                        : List.of(Ev.page("a" + l, "/blog/" + b, at), Ev.page("a" + l, "/docs/" + b, at.plusSeconds(1)));
                Outcome o = SCORER.apply(s, batch, at.plusSeconds(2));
                store.write(key, o, List.of(), at.plusSeconds(2));
                s = o.state();
                if (o.qualified()) {
                    store.markHandedOff(key.id(), s.qualifications(), at.plusSeconds(3));
                    s = store.get(key);
                }
            }
        }
        return usage.totals().get("DynamoDB.writeUnits").doubleValue();
    }
}
