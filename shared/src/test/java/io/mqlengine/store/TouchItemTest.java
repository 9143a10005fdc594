package io.mqlengine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.scoring.Touch;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TouchItemTest {
    private static final Instant AT = Instant.parse("2026-06-01T09:00:00Z");

    @Test
    void touch_shouldReadBackWhatItWrote_whenPartsHoldSeparatorsAndEscapes() {
        Touch t = new Touch("a|b", "c\\d", null, "news.example.com", AT);

        assertThat(LeadItemValues.touch(LeadItemValues.touch(t))).isEqualTo(t);
    }

    @Test
    void touch_shouldBeOneShortString_whenACommonCampaignIsWritten() {
        String stored = LeadItemValues.touch(new Touch("google", "cpc", "spring-launch", null, AT)).s();

        assertThat(stored).isEqualTo("google|cpc|spring-launch||" + AT.toEpochMilli());
        assertThat(LeadItemValues.touch(LeadItemValues.touch(new Touch(null, null, null, "x.org", AT))))
                .isEqualTo(new Touch(null, null, null, "x.org", AT));
    }
}
