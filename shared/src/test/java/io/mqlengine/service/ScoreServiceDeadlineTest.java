package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.Ev;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.journey.ManualClock;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.store.IdentityLink;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import io.mqlengine.store.VersionConflictException;
import io.mqlengine.testing.DelegatingStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Once the caller says the batch is out of time, the service starts no store call and reports what is left. */
class ScoreServiceDeadlineTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final LeadIds IDS = new LeadIds("score-deadline-test-secret");

    /** The in-memory store, counting reads and writes; a write may be made to conflict every time. */
    private static final class CountingStore extends DelegatingStore {
        final InMemoryLeadStore memory;
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final boolean alwaysConflict;

        CountingStore(InMemoryLeadStore memory, boolean alwaysConflict) {
            super(memory);
            this.memory = memory;
            this.alwaysConflict = alwaysConflict;
        }

        @Override
        public Map<LeadKey, Stored> load(Collection<LeadKey> keys, boolean consistent) {
            loads.incrementAndGet();
            return super.load(keys, consistent);
        }

        @Override
        public void write(LeadKey key, Outcome outcome, List<IdentityLink> links, Instant now) {
            writes.incrementAndGet();
            if (alwaysConflict) {
                throw new VersionConflictException(key, "a racing batch won");
            }
            super.write(key, outcome, links, now);
        }
    }

    /** In time for the first {@code looks} questions, then out of time. */
    private static BooleanSupplier inTimeFor(int looks) {
        AtomicInteger asked = new AtomicInteger();
        return () -> asked.incrementAndGet() <= looks;
    }

    private static List<ScoreService.Item> pagesOf(String... visitors) {
        return java.util.Arrays.stream(visitors)
                .map(v -> new ScoreService.Item("m-" + v, Ev.page(v, "/pricing", T0))).toList();
    }

    @Test
    void score_shouldReadAndWriteNothing_andReportEveryMessage_whenOutOfTimeFromTheStart() {
        CountingStore store = new CountingStore(new InMemoryLeadStore(), false);
        ScoreService service = new ScoreService(store, new LeadScorer(MODEL), IDS, new ManualClock(T0));

        ScoreService.Result r = service.score(pagesOf("a", "b"), () -> false);

        assertThat(r.busyMessageIds()).as("waiting, not broken").containsExactlyInAnyOrder("m-a", "m-b");
        assertThat(r.outOfTime()).isEqualTo(2);
        assertThat(r.failedMessageIds()).isEmpty();
        assertThat(store.loads.get() + store.writes.get()).as("store calls").isZero();
    }

    @Test
    void score_shouldWriteOnlyTheLeadsStartedInTime_andReportTheOthers() {
        CountingStore store = new CountingStore(new InMemoryLeadStore(), false);
        ScoreService service = new ScoreService(store, new LeadScorer(MODEL), IDS, new ManualClock(T0));

        // one look for the batch's read, one before the first lead's write
        ScoreService.Result r = service.score(pagesOf("a", "b", "c"), inTimeFor(2));

        assertThat(r.leadsWritten()).isEqualTo(1);
        assertThat(r.busyMessageIds()).containsExactlyInAnyOrder("m-b", "m-c");
        assertThat(r.failedMessageIds()).isEmpty();
        assertThat(r.outOfTime()).isEqualTo(2);
        assertThat(r.errors()).isEmpty();
        assertThat(store.memory.all()).containsOnlyKeys(LeadKey.anonymous("a"));
    }

    @Test
    void score_shouldStartNoRetryRound_whenOutOfTimeAfterAConflict() {
        CountingStore store = new CountingStore(new InMemoryLeadStore(), true);
        ScoreService service = new ScoreService(store, new LeadScorer(MODEL), IDS, new ManualClock(T0));

        // the batch's read and the first write are in time; the retry round after the conflict is not
        ScoreService.Result r = service.score(pagesOf("a"), inTimeFor(2));

        assertThat(r.busyMessageIds()).containsExactly("m-a");
        assertThat(r.failedMessageIds()).isEmpty();
        assertThat(r.outOfTime()).isEqualTo(1);
        assertThat(r.conflicts()).isEqualTo(1);
        assertThat(store.writes.get()).as("writes").isEqualTo(1);
        assertThat(store.loads.get()).as("reads: the batch's, no re-read for a retry").isEqualTo(1);
    }

    @Test
    void score_shouldApplyEverything_whenNeverOutOfTime() {
        CountingStore store = new CountingStore(new InMemoryLeadStore(), false);
        ScoreService service = new ScoreService(store, new LeadScorer(MODEL), IDS, new ManualClock(T0));

        ScoreService.Result r = service.score(pagesOf("a", "b", "c"), () -> true);

        assertThat(r.failedMessageIds()).isEmpty();
        assertThat(r.outOfTime()).isZero();
        assertThat(r.leadsWritten()).isEqualTo(3);
    }
}
