package io.mqlengine.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeenIdsTest {
    private static final int DAY = SeenIds.day(Instant.parse("2026-06-01T09:00:00Z"));

    private static SeenIds of(int day, String prefix, int n) {
        SeenIds s = SeenIds.EMPTY;
        for (int i = 0; i < n; i++) {
            s = s.with(prefix + i, day);
        }
        return s;
    }

    @Test
    void day_shouldBeTheUtcDaySinceTheEpoch() {
        assertThat(SeenIds.day(Instant.parse("1970-01-02T00:00:00Z"))).isEqualTo(1);
        assertThat(SeenIds.day(Instant.parse("1970-01-01T23:59:59Z"))).isZero();
    }

    @Test
    void fingerprint_shouldDifferForIdsThatDifferInOneCharacter() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(SeenIds.fingerprint("evt-" + i));
        }
        assertThat(seen).as("no two of 100,000 similar ids share a fingerprint").hasSize(100_000);
    }

    @Test
    void contains_shouldKnowEveryIdApplied_onAnyDayKept() {
        SeenIds s = of(DAY, "a", 10).with("b", DAY + 3);
        assertThat(s.contains("a0")).isTrue();
        assertThat(s.contains("a9")).isTrue();
        assertThat(s.contains("b")).isTrue();
        assertThat(s.contains("c")).isFalse();
        assertThat(s.appliedOn(DAY)).isEqualTo(10);
        assertThat(s.appliedOn(DAY + 3)).isEqualTo(1);
    }

    @Test
    void prunedBefore_shouldForgetTheDaysBeforeIt_only() {
        SeenIds s = of(DAY, "old", 3).with("new", DAY + 12).prunedBefore(DAY + 1);
        assertThat(s.contains("old0")).isFalse();
        assertThat(s.contains("new")).isTrue();
        assertThat(s.days()).containsExactly(DAY + 12);
    }

    @Test
    void bytes_shouldRoundTrip_withDaysCountsAndSpilledFlags() {
        SeenIds s = of(DAY, "a", SeenIds.INLINE_MAX + 5).spilledBeyondLimit(of(DAY, "a", SeenIds.INLINE_MAX + 5))
                .with("b", DAY + 1);
        SeenIds back = SeenIds.fromBytes(s.toBytes());
        assertThat(back).isEqualTo(s);
        assertThat(back.unloadedDays()).containsExactly(DAY);
        assertThat(back.appliedOn(DAY)).isEqualTo(SeenIds.INLINE_MAX + 5);
    }

    @Test
    void spilledBeyondLimit_shouldMoveOnlyIdsStoredBefore_oldestFirst_downToHalfTheLimit() {
        SeenIds stored = of(DAY, "old", SeenIds.INLINE_MAX).with("yesterday", DAY + 1);
        SeenIds now = stored.with("new", DAY + 2);

        SeenIds spilled = now.spilledBeyondLimit(stored);

        assertThat(spilled.inlineCount()).isEqualTo(SeenIds.INLINE_MAX / 2);
        assertThat(spilled.spill()).containsOnlyKeys(DAY);
        assertThat(spilled.spill().get(DAY)).hasSize(SeenIds.INLINE_MAX + 2 - SeenIds.INLINE_MAX / 2);
        assertThat(spilled.contains("new")).as("this write's own id stays inline").isTrue();
        assertThat(spilled.contains("old0")).as("found in what is to be spilled").isTrue();
        SeenIds reread = SeenIds.fromBytes(spilled.toBytes());
        assertThat(reread.unloadedDays()).containsExactly(DAY);
        assertThat(reread.withLoaded(spilled.spill()).contains("old0")).isTrue();
        assertThat(reread.withLoaded(Map.of()).contains("old0")).as("an overflow that was never written").isFalse();
    }

    @Test
    void spilledBeyondLimit_shouldKeepThisWritesIds_evenBeyondTheLimit() {
        SeenIds now = of(DAY, "new", SeenIds.INLINE_MAX * 3);
        SeenIds spilled = now.spilledBeyondLimit(SeenIds.EMPTY);
        assertThat(spilled.spill()).isEmpty();
        assertThat(spilled.inlineCount()).isEqualTo(SeenIds.INLINE_MAX * 3);
    }

    @Test
    void written_shouldCountWhatWasSpilledAsLoaded() {
        SeenIds stored = of(DAY, "old", SeenIds.INLINE_MAX + 1);
        SeenIds written = stored.with("new", DAY).spilledBeyondLimit(stored).written();
        assertThat(written.spill()).isEmpty();
        assertThat(written.unloadedDays()).isEmpty();
        assertThat(written.contains("old0")).isTrue();
    }

    @Test
    void union_shouldJoinBothDayByDay_andCopyTheOthersOverflowToOurs() {
        SeenIds otherStored = of(DAY, "anon", SeenIds.INLINE_MAX + 4);
        SeenIds other = SeenIds.fromBytes(otherStored.spilledBeyondLimit(otherStored).toBytes());
        Map<Integer, long[]> otherOverflow = otherStored.spilledBeyondLimit(otherStored).spill();
        SeenIds mine = of(DAY, "lead", 3);

        SeenIds merged = mine.union(other.withLoaded(otherOverflow));

        for (int i = 0; i < SeenIds.INLINE_MAX + 4; i++) {
            assertThat(merged.contains("anon" + i)).as("anon%d", i).isTrue();
        }
        assertThat(merged.contains("lead2")).isTrue();
        assertThat(merged.spill().get(DAY)).as("the other's overflow, to be written under our key")
                .isEqualTo(otherOverflow.get(DAY));
        assertThat(merged.appliedOn(DAY)).isEqualTo(SeenIds.INLINE_MAX + 7);
        assertThat(SeenIds.fromBytes(merged.toBytes()).unloadedDays()).containsExactly(DAY);
    }

    @Test
    void union_shouldRefuse_whenTheOthersOverflowWasNotRead() {
        SeenIds otherStored = of(DAY, "anon", SeenIds.INLINE_MAX + 4);
        SeenIds other = SeenIds.fromBytes(otherStored.spilledBeyondLimit(otherStored).toBytes());
        assertThatThrownBy(() -> SeenIds.EMPTY.union(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("overflow");
    }
}
