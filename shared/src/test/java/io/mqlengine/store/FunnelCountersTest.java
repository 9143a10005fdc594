package io.mqlengine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.observe.AwsUsage;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The funnel's counter items on the DynamoDB emulator: each counted write is added once, while its counter item keeps
 * its fingerprint and after the item is full (a marker item then), and a counter item stays about 1 KB however many
 * writes a day counts, so a write's cost does not grow with the day's volume.
 */
class FunnelCountersTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    /** Now: a marker dated in the past would be expired, and deleted, by the emulator's TTL. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final AwsUsage usage = new AwsUsage();
    private DynamoDbClient dynamo;
    private String table;

    @BeforeEach
    void createTable() {
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(Emulators.get().dynamoEndpoint()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(usage).build())
                .build();
        table = TemplateResources.createTable(dynamo, "LeadsTable");
    }

    /** A write of one new MQL, as the lifecycle function tallies it; {@code n} times the bucket count keeps bucket 0. */
    private static FunnelTally mql(long n) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(FunnelTally.MQLS, 1L);
        counts.put(FunnelTally.BY_CAUSE + "score", 1L);
        counts.put(FunnelTally.BY_CAMPAIGN + "spring-launch", 1L);
        return new FunnelTally(DAY, n * FunnelCounters.BUCKETS, counts);
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        return dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
    }

    @Test
    void add_shouldCountEachWriteOnce_whetherItsItemKeptTheFingerprintOrAMarkerHoldsIt() {
        FunnelCounters counters = new FunnelCounters(dynamo, table, 2);
        for (long n = 1; n <= 4; n++) {
            assertThat(counters.add(mql(n), NOW)).as("write %d, counted now", n).isTrue();
        }

        for (FunnelCounters again : new FunnelCounters[] {counters, new FunnelCounters(dynamo, table, 2)}) {
            for (long n = 1; n <= 4; n++) {
                assertThat(again.add(mql(n), NOW)).as("write %d, delivered again", n).isFalse();
            }
        }

        assertThat(counters.days(DAY, DAY).get(DAY)).containsEntry(FunnelTally.MQLS, 4L)
                .containsEntry(FunnelTally.BY_CAUSE + "score", 4L);
        Map<String, AttributeValue> counter = item(FunnelCounters.key(DAY, 0));
        assertThat(counter.get(FunnelCounters.FINGERPRINTS).bs()).as("the fingerprints the item kept").hasSize(2);
        for (long n = 3; n <= 4; n++) {
            String marker = FunnelCounters.key(DAY, 0).get(LeadAttributes.PK).s() + "#" + Long.toHexString(n * 16);
            Map<String, AttributeValue> held = item(Map.of(LeadAttributes.PK, AttributeValue.fromS(marker)));
            assertThat(held).as("the marker of write %d", n).isNotEmpty();
            assertThat(Long.parseLong(held.get(LeadAttributes.EXPIRES_AT).n()))
                    .isEqualTo(NOW.plus(FunnelCounters.MARKER_LIFE).getEpochSecond());
            assertThat(LeadItems.read(held)).as("a table scan skips it").isNull();
        }
    }

    @Test
    void add_shouldKeepEachWritesCostFlat_whenADayCountsManyWrites() {
        FunnelCounters counters = new FunnelCounters(dynamo, table);
        int writes = 3 * FunnelCounters.FINGERPRINTS_PER_ITEM;
        for (long n = 1; n <= writes; n++) {
            double before = units();
            assertThat(counters.add(mql(n), NOW)).isTrue();
            double cost = units() - before;
            if (n <= FunnelCounters.FINGERPRINTS_PER_ITEM) {
                assertThat(cost).as("write %d, its fingerprint kept on the counter item", n).isEqualTo(1.0);
            } else {
                // the marker and the counter, each a transactional write of one unit (the first write past the cap
                // also pays for the refused update)
                assertThat(cost).as("write %d, through a marker", n).isBetween(4.0, 5.0);
            }
        }

        assertThat(counters.days(DAY, DAY).get(DAY)).containsEntry(FunnelTally.MQLS, (long) writes);
        assertThat(item(FunnelCounters.key(DAY, 0)).get(FunnelCounters.FINGERPRINTS).bs())
                .hasSize(FunnelCounters.FINGERPRINTS_PER_ITEM);
    }

    @Test
    void constructor_shouldRefuse_whenTheCapacityIsBelowOne() {
        assertThatThrownBy(() -> new FunnelCounters(dynamo, table, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be at least 1, was 0");
    }

    private double units() {
        return usage.totals().get("DynamoDB.writeUnits").doubleValue();
    }
}
