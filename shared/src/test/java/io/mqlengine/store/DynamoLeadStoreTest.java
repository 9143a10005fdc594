package io.mqlengine.store;

import static io.mqlengine.store.LeadAttributes.EXPIRES_AT;
import static io.mqlengine.store.LeadAttributes.HANDOFF_PENDING;
import static io.mqlengine.store.LeadAttributes.REVIEW_AT;
import static io.mqlengine.store.LeadAttributes.REVIEW_SHARD;
import static io.mqlengine.store.LeadAttributes.STAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mqlengine.Ev;
import io.mqlengine.scoring.LeadMerge;
import io.mqlengine.model.Stage;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.scoring.SeenIds;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/** The DynamoDB adapter against the DynamoDB emulator, on a table created from template.yaml. */
class DynamoLeadStoreTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadScorer SCORER = new LeadScorer(MODEL);
    /**
     * Relative to now: the emulator's TTL reaper runs on the host clock, so an archived item whose expiry (T0 plus
     * the stale horizon plus 30 days) lay in the past could be deleted before the test reads it.
     */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS);

    private DynamoDbClient dynamo;
    private String table;
    private DynamoLeadStore store;

    @BeforeEach
    void createTable() {
        dynamo = Emulators.get().dynamo();
        table = TemplateResources.createTable(dynamo, "LeadsTable");
        store = new DynamoLeadStore(dynamo, table, Duration.ofDays(30));
    }

    private static List<TrackingEvent> activity(String anon, Instant start) {
        return List.of(Ev.page(anon, "/pricing", start), Ev.page(anon, "/product/a", start.plusSeconds(10)),
                Ev.track(anon, "Webinar Attended", start.plusSeconds(20)),
                Ev.track(anon, "Content Downloaded", Map.of("assetType", "ebook"), start.plusSeconds(30)));
    }

    private Outcome writeNewLead(String id) {
        Outcome o = SCORER.apply(LeadState.fresh(id, false, MODEL),
                List.of(Ev.identify("a-" + id, Ev.fitting(id + "@acme.io"), T0)), T0);
        store.write(LeadKey.lead(id), o, List.of(), T0);
        return o;
    }

    @Test
    void write_shouldStoreWhatTheCoreComputed_andLoadReadsItBack() {
        Outcome created = writeNewLead("l1");
        Outcome scored = SCORER.apply(created.state(), activity("a-l1", T0.plusSeconds(60)), T0.plusSeconds(120));
        store.write(LeadKey.lead("l1"), scored, List.of(), T0.plusSeconds(120));

        LeadState loaded = ((Stored.Lead) store.load(List.of(LeadKey.lead("l1")), true).get(LeadKey.lead("l1"))).state();
        LeadState expected = scored.state();
        assertThat(loaded.version()).isEqualTo(2);
        assertThat(loaded.stage()).isEqualTo(expected.stage());
        assertThat(loaded.traits()).isEqualTo(expected.traits());
        assertThat(loaded.grade()).isEqualTo(expected.grade());
        assertThat(loaded.seen()).isEqualTo(expected.seen());
        assertThat(loaded.caps()).isEqualTo(expected.caps());
        assertThat(loaded.contributions().keySet()).isEqualTo(expected.contributions().keySet());
        assertThat(loaded.contributions().get("webinar-attended").points()).isCloseTo(35, within(1e-3));
        assertThat(loaded.scoreAt(T0.plusSeconds(200))).isCloseTo(expected.scoreAt(T0.plusSeconds(200)), within(1e-9));
        assertThat(loaded.lastSeen()).isEqualTo(expected.lastSeen());
        assertThat(loaded.reviewAt()).isEqualTo(Instant.ofEpochSecond(expected.reviewAt().getEpochSecond()));
        assertThat(loaded.modelVersion()).isEqualTo(MODEL.version());
    }

    @Test
    void write_shouldConsumeOneWriteUnit_forAnActiveLeadWithTenRulesAndAFullInlineDedupeSet() {
        Outcome created = SCORER.apply(LeadState.fresh("l2", false, MODEL), List.of(Ev.identify("a-l2",
                new io.mqlengine.model.Traits("chris.analyst@contoso.example", "Chris", "Analyst", "Data Analyst",
                        "Contoso Pharmaceuticals", 60, "healthcare", "US"), T0)), T0);
        store.write(LeadKey.lead("l2"), created, List.of(), T0);
        List<TrackingEvent> many = new ArrayList<>();
        // with the identify, the two pages and the seven tracks below: as many ids as a lead item holds
        for (int i = 0; i < SeenIds.INLINE_MAX - 10; i++) {
            many.add(Ev.page("a-l2", "/blog/post-" + i, T0.plusSeconds(100 + i)));
        }
        many.add(Ev.page("a-l2", "/product/a", T0.plusSeconds(140)));
        many.add(Ev.page("a-l2", "/careers", T0.plusSeconds(141)));
        for (String e : List.of("Email Opened", "Email Link Clicked", "Newsletter Subscribed", "Survey Answered",
                "Webinar Registered", "Ad Clicked", "Social Engaged")) {
            many.add(Ev.track("a-l2", e, T0.plusSeconds(200)));
        }
        Outcome scored = SCORER.apply(created.state(), many, T0.plusSeconds(300));
        assertThat(scored.appliedEventIds()).hasSize(many.size());
        assertThat(scored.qualified()).isFalse();
        assertThat(scored.state().contributions()).hasSize(10);
        assertThat(scored.state().seen().inlineCount()).isEqualTo(SeenIds.INLINE_MAX);
        double units = dynamo.updateItem(LeadUpdate.of(LeadKey.lead("l2"), scored, T0, 0)
                .request(table, LeadKey.lead("l2")).toBuilder()
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()).consumedCapacity().capacityUnits();
        assertThat(units).as("write units of one scoring write").isEqualTo(1.0);
    }

    @Test
    void write_shouldFailWithAConflict_whenTheLeadChangedSinceItWasRead() {
        Outcome created = writeNewLead("l3");
        Outcome first = SCORER.apply(created.state(), activity("a-l3", T0.plusSeconds(60)), T0.plusSeconds(61));
        Outcome second = SCORER.apply(created.state(), List.of(Ev.page("a-l3", "/x", T0.plusSeconds(70))), T0.plusSeconds(71));
        store.write(LeadKey.lead("l3"), first, List.of(), T0.plusSeconds(61));
        assertThatThrownBy(() -> store.write(LeadKey.lead("l3"), second, List.of(), T0.plusSeconds(71)))
                .isInstanceOf(VersionConflictException.class).hasMessageContaining("LEAD#l3");
        assertThatThrownBy(() -> writeNewLead("l3")).isInstanceOf(VersionConflictException.class);
    }

    @Test
    void write_shouldKeepScoresInsideDynamoDbsRange_hundredYearsFromTheLandmark() {
        Instant far = Instant.parse("2119-12-31T00:00:00Z");
        LeadState s = LeadState.fresh("l4", false, MODEL);
        Outcome o = SCORER.apply(s, List.of(Ev.identify("a-l4", Ev.fitting("far@acme.io"), far),
                Ev.track("a-l4", "Webinar Attended", far.plusSeconds(1))), far.plusSeconds(2));
        store.write(LeadKey.lead("l4"), o, List.of(), far);
        LeadState loaded = store.get(LeadKey.lead("l4"));
        assertThat(loaded.scoreAt(far.plusSeconds(1))).isCloseTo(35, within(1e-9));
    }

    @Test
    void write_withLinks_shouldMergeAndReplaceTheAnonymousLeadByAnAlias_atomically() {
        LeadState anon = SCORER.apply(LeadState.fresh("anon-5", true, MODEL), activity("anon-5", T0), T0.plusSeconds(40)).state();
        Outcome anonWrite = SCORER.apply(LeadState.fresh("anon-5", true, MODEL), activity("anon-5", T0), T0.plusSeconds(40));
        store.write(LeadKey.anonymous("anon-5"), anonWrite, List.of(), T0);
        Stored before = store.load(List.of(LeadKey.anonymous("anon-5")), true).get(LeadKey.anonymous("anon-5"));

        LeadState lead = LeadState.fresh("l5", false, MODEL);
        LeadMerge.Merged m = LeadMerge.merge(lead, anon, MODEL, T0.plusSeconds(50));
        Outcome o = SCORER.applyAfter(lead, m.lead(), m.increments(), m.rebased(),
                List.of(Ev.identify("anon-5", Ev.fitting("five@acme.io"), T0.plusSeconds(50))), T0.plusSeconds(50));
        store.write(LeadKey.lead("l5"), o, List.of(new IdentityLink("anon-5", before)), T0.plusSeconds(50));

        Map<LeadKey, Stored> now = store.load(List.of(LeadKey.lead("l5"), LeadKey.anonymous("anon-5")), true);
        assertThat(now.get(LeadKey.anonymous("anon-5"))).isEqualTo(new Stored.Alias("anon-5", "l5", 2));
        LeadState merged = ((Stored.Lead) now.get(LeadKey.lead("l5"))).state();
        assertThat(merged.scoreAt(T0.plusSeconds(60))).isCloseTo(anon.scoreAt(T0.plusSeconds(60)), within(1e-9));
        assertThat(merged.mergedAnonymousIds()).containsExactly("anon-5");

        // the same link again (a redelivered batch computed from the old read) is refused as a whole
        Outcome again = SCORER.apply(LeadState.fresh("l6", false, MODEL),
                List.of(Ev.identify("anon-5", Ev.fitting("six@acme.io"), T0.plusSeconds(70))), T0.plusSeconds(70));
        assertThatThrownBy(() -> store.write(LeadKey.lead("l6"), again, List.of(new IdentityLink("anon-5", before)),
                T0.plusSeconds(70))).isInstanceOf(VersionConflictException.class);
        assertThat(store.load(List.of(LeadKey.lead("l6")), true)).isEmpty();
    }

    @Test
    void load_shouldReadMoreThanOneBatchOfKeys() {
        Set<LeadKey> keys = new HashSet<>();
        for (int i = 0; i < 130; i++) {
            String id = "bulk" + i;
            store.write(LeadKey.lead(id), SCORER.apply(LeadState.fresh(id, false, MODEL),
                    List.of(Ev.page("a", "/", T0)), T0), List.of(), T0);
            keys.add(LeadKey.lead(id));
        }
        keys.add(LeadKey.lead("missing"));
        assertThat(store.load(keys, false)).hasSize(130);
    }

    @Test
    void due_shouldReturnOnlyLeadsWhoseReviewTimeHasCome_pageByPage() {
        Set<LeadKey> expected = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            String id = "due" + i;
            Instant seen = i < 10 ? T0.minus(MODEL.staleAfter()).minusSeconds(i) : T0.plusSeconds(i);
            store.write(LeadKey.lead(id), SCORER.apply(LeadState.fresh(id, false, MODEL),
                    List.of(Ev.page("a", "/", seen)), seen), List.of(), seen);
            if (i < 10) {
                expected.add(LeadKey.lead(id));
            }
        }
        List<LeadKey> seen = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            LeadStore.DuePage page = store.due(T0, 3, cursor);
            assertThat(page.keys()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(page.keys());
            cursor = page.cursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pages).isGreaterThanOrEqualTo(4);
    }

    @Test
    void markHandedOff_shouldRecordAQualificationOnce() {
        Outcome created = writeNewLead("l7");
        Outcome mql = SCORER.apply(created.state(), List.of(Ev.track("a-l7", "Demo Requested", T0.plusSeconds(5))),
                T0.plusSeconds(6));
        store.write(LeadKey.lead("l7"), mql, List.of(), T0.plusSeconds(6));
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(LeadItems.key(LeadKey.lead("l7")))).item();
        assertThat(item.get(HANDOFF_PENDING).n()).isEqualTo("1");
        assertThat(store.get(LeadKey.lead("l7")).handoffPending()).isTrue();

        assertThat(store.markHandedOff("l7", 2, T0)).isFalse();
        assertThat(store.markHandedOff("l7", 1, T0)).isTrue();
        assertThat(store.markHandedOff("l7", 1, T0)).isFalse();
        item = dynamo.getItem(b -> b.tableName(table).key(LeadItems.key(LeadKey.lead("l7")))).item();
        assertThat(item).doesNotContainKey(HANDOFF_PENDING);
        assertThat(store.get(LeadKey.lead("l7")).handedOff()).isEqualTo(1);
        assertThat(store.get(LeadKey.lead("l7")).stage()).isEqualTo(Stage.MQL);
    }

    @Test
    void pendingHandoff_shouldReturnTheLead_untilItsHandoffIsRecorded() {
        Outcome created = writeNewLead("l11");
        LeadKey key = LeadKey.lead("l11");
        assertThat(LeadItems.pendingHandoff(dynamo.getItem(b -> b.tableName(table).key(LeadItems.key(key))).item()))
                .isEmpty();
        Outcome mql = SCORER.apply(created.state(), List.of(Ev.track("a-l11", "Demo Requested", T0.plusSeconds(5))),
                T0.plusSeconds(6));
        store.write(key, mql, List.of(), T0.plusSeconds(6));
        assertThat(LeadItems.pendingHandoff(dynamo.getItem(b -> b.tableName(table).key(LeadItems.key(key))).item()))
                .hasValueSatisfying(lead -> assertThat(lead.id()).isEqualTo("l11"))
                .hasValueSatisfying(lead -> assertThat(lead.qualifications()).isEqualTo(1));

        assertThat(store.markHandedOff("l11", 1, T0)).isTrue();
        assertThat(LeadItems.pendingHandoff(dynamo.getItem(b -> b.tableName(table).key(LeadItems.key(key))).item()))
                .isEmpty();
    }

    @Test
    void pendingHandoff_shouldBeEmpty_whenTheImageIsAnAliasEvenWithAMarker() {
        Map<String, AttributeValue> alias = new HashMap<>(LeadItems.alias(LeadKey.anonymous("anon-12"), "l12", 1));
        alias.put(HANDOFF_PENDING, AttributeValue.fromN("1"));
        assertThat(LeadItems.pendingHandoff(alias)).isEmpty();
    }

    @Test
    void write_shouldSetATimeToLive_whenAnAnonymousLeadIsArchived() {
        Outcome o = SCORER.apply(LeadState.fresh("anon-8", true, MODEL), List.of(Ev.page("anon-8", "/", T0)), T0);
        store.write(LeadKey.anonymous("anon-8"), o, List.of(), T0);
        Instant stale = T0.plus(MODEL.staleAfter());
        Outcome archived = SCORER.review(o.state(), stale);
        store.write(LeadKey.anonymous("anon-8"), archived, List.of(), stale);
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(LeadItems.key(LeadKey.anonymous("anon-8")))).item();
        assertThat(item.get(STAGE).s()).isEqualTo("ARCHIVED");
        assertThat(Long.parseLong(item.get(EXPIRES_AT).n())).isEqualTo(stale.getEpochSecond() + Duration.ofDays(30).getSeconds());
        assertThat(item).doesNotContainKeys(REVIEW_AT, REVIEW_SHARD);
    }

    @Test
    void write_shouldSetATimeToLive_whenAnAnonymousBotIsDisqualified() {
        Outcome bot = SCORER.apply(LeadState.fresh("anon-bot", true, MODEL), List.of(Ev.withUserAgent(
                Ev.page("anon-bot", "/pricing", T0), "Mozilla/5.0 (compatible; Googlebot/2.1)")), T0);
        assertThat(bot.state().stage()).isEqualTo(Stage.DISQUALIFIED);
        store.write(LeadKey.anonymous("anon-bot"), bot, List.of(), T0);
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(LeadItems.key(LeadKey.anonymous("anon-bot")))).item();
        assertThat(Long.parseLong(item.get(EXPIRES_AT).n())).isEqualTo(T0.getEpochSecond() + Duration.ofDays(30).getSeconds());
    }

    @Test
    void write_shouldWithdrawAPendingHandoff_whenTheLeadLeavesMql() {
        Outcome created = writeNewLead("l10");
        Outcome mql = SCORER.apply(created.state(), List.of(Ev.track("a-l10", "Demo Requested", T0.plusSeconds(5))),
                T0.plusSeconds(6));
        store.write(LeadKey.lead("l10"), mql, List.of(), T0.plusSeconds(6));
        Outcome gone = SCORER.apply(mql.state(), List.of(Ev.track("a-l10", "Unsubscribed", T0.plusSeconds(7))),
                T0.plusSeconds(8));
        store.write(LeadKey.lead("l10"), gone, List.of(), T0.plusSeconds(8));
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(LeadItems.key(LeadKey.lead("l10")))).item();
        assertThat(item.get(STAGE).s()).isEqualTo("DISQUALIFIED");
        assertThat(item).doesNotContainKey(HANDOFF_PENDING);
        assertThat(store.markHandedOff("l10", 1, T0)).isFalse();
    }
}
