package io.mqlengine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TombstoneItemTest {
    private static final Instant ERASED = Instant.parse("2026-03-01T09:00:00.123Z");
    private static final Instant EXPIRES = Instant.parse("2026-03-13T09:00:00Z");

    @Test
    void tombstone_shouldHoldOnlyItsKeyErasedAtAndExpiresAt() {
        Map<String, AttributeValue> item = LeadItems.tombstone(LeadKey.lead("abc"), ERASED, EXPIRES);
        assertThat(item).containsOnlyKeys(LeadAttributes.PK, LeadAttributes.ERASED_AT, LeadAttributes.EXPIRES_AT);
        assertThat(item.get(LeadAttributes.PK).s()).isEqualTo("LEAD#abc");
        assertThat(item.get(LeadAttributes.ERASED_AT).n()).isEqualTo(String.valueOf(ERASED.toEpochMilli()));
        assertThat(item.get(LeadAttributes.EXPIRES_AT).n()).isEqualTo(String.valueOf(EXPIRES.getEpochSecond()));
    }

    @Test
    void read_shouldTakeATombstoneForAnErasure_neverForALeadOrAPendingHandoff() {
        Map<String, AttributeValue> item = LeadItems.tombstone(LeadKey.lead("abc"), ERASED, EXPIRES);
        assertThat(LeadItems.read(item)).isEqualTo(new Stored.Erased(LeadKey.lead("abc"), ERASED, EXPIRES));
        assertThat(LeadItems.pendingHandoff(item)).isEmpty();
        assertThat(LeadItems.erased(item)).contains(new Stored.Erased(LeadKey.lead("abc"), ERASED, EXPIRES));
        Map<String, AttributeValue> alias = LeadItems.tombstone(LeadKey.anonymous("anon-1"), ERASED, EXPIRES);
        assertThat(LeadItems.erased(alias).orElseThrow().key().anonymous()).isTrue();
    }

    @Test
    void erased_shouldBeEmpty_forALeadOrAnAliasImage() {
        assertThat(LeadItems.erased(LeadItems.alias(LeadKey.anonymous("anon-1"), "abc", 1))).isEmpty();
        assertThat(LeadItems.erased(null)).isEmpty();
    }
}
