package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.scoring.SeenIds;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadAttributes;
import io.mqlengine.store.LeadStore;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The dedupe horizon on the DynamoDB store (lead items and overflow items), against the DynamoDB emulator. */
class DedupeHorizonDynamoTest extends DedupeHorizonContract {
    private DynamoDbClient dynamo;
    private String table;

    @Override
    LeadStore newStore() {
        dynamo = Emulators.get().dynamo();
        table = TemplateResources.createTable(dynamo, "LeadsTable");
        return new DynamoLeadStore(dynamo, table, Duration.ofDays(30));
    }

    @Test
    void spill_shouldWriteOverflowItemsThatExpire_afterTheLongestHorizon_andKeepTheLeadItemSmall() {
        score_shouldApplyARetryOnce_afterHundredsOfNewerEventsSpilledItsIdToTheOverflow();
        List<Map<String, AttributeValue>> items = dynamo.scan(b -> b.tableName(table)).items();
        List<Map<String, AttributeValue>> overflow = items.stream()
                .filter(i -> i.get(LeadAttributes.PK).s().startsWith("SEEN#ANON#anon-busy#")).toList();
        assertThat(overflow).isNotEmpty();
        for (Map<String, AttributeValue> item : overflow) {
            String pk = item.get(LeadAttributes.PK).s();
            long day = Long.parseLong(pk.substring(pk.lastIndexOf('#') + 1));
            assertThat(Long.parseLong(item.get(LeadAttributes.EXPIRES_AT).n())).as("TTL of %s", pk)
                    .isEqualTo((day + 1) * 86_400 + DynamoLeadStore.OVERFLOW_KEPT.toSeconds());
            assertThat(item.get(LeadAttributes.OVERFLOW_IDS).bs()).allSatisfy(b -> assertThat(b.asByteArray()).hasSize(8));
        }
        Map<String, AttributeValue> lead = items.stream()
                .filter(i -> i.get(LeadAttributes.PK).s().equals("ANON#anon-busy")).findFirst().orElseThrow();
        assertThat(lead.get(LeadAttributes.SEEN_IDS).b().asByteArray().length)
                .as("the lead item's ids stay near the inline limit").isLessThan((SeenIds.INLINE_MAX + 40) * 8 + 64);
    }
}
