package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mqlengine.Ev;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.identity.UserIds;
import io.mqlengine.journey.ManualClock;
import io.mqlengine.model.Grade;
import io.mqlengine.model.Stage;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.store.IdentityLink;
import io.mqlengine.store.LeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.Stored;
import io.mqlengine.testing.DelegatingStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What scoring does with the calls of Segment-style SDKs once ingest accepted them: {@code group}, {@code alias},
 * {@code identify} with a user id or without an email, and events that carry only a user id (their anonymous id
 * derived from it). Runs on every {@link LeadStore}: the subclasses name the store.
 */
abstract class IdentityAcrossCallsContract {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final LeadIds IDS = new LeadIds("identity-across-calls-secret");
    private static final String USER = "user-42";
    private static final String DERIVED = UserIds.anonymousIdFor(USER);
    private static final String ADA = "ada@analytical.example";

    private CountingStore store;
    private ScoreService service;

    /** A fresh, empty store for one test. */
    abstract LeadStore newStore();

    /** The store, counting the writes that succeeded. */
    private static final class CountingStore extends DelegatingStore {
        final AtomicInteger writes = new AtomicInteger();

        CountingStore(LeadStore delegate) {
            super(delegate);
        }

        @Override
        public void write(LeadKey key, Outcome outcome, List<IdentityLink> links, Instant now) {
            super.write(key, outcome, links, now);
            writes.incrementAndGet();
        }
    }

    @BeforeEach
    void startService() {
        store = new CountingStore(newStore());
        service = new ScoreService(store, new LeadScorer(MODEL), IDS, new ManualClock(T0.plusSeconds(3600)));
    }

    /** Scores the events as one batch, one message each, and expects every message to succeed. */
    private ScoreService.Result score(TrackingEvent... events) {
        ScoreService.Result r = service.score(Arrays.stream(events)
                .map(e -> new ScoreService.Item("m-" + e.eventId(), e)).toList());
        assertThat(r.failedMessageIds()).as("failed messages; errors %s", r.errors()).isEmpty();
        return r;
    }

    private static TrackingEvent ofUser(TrackingEvent e) {
        return Ev.ofUser(USER, e);
    }

    private static String leadId(String email) {
        return IDS.forEmail(email);
    }

    private LeadState lead(String email) {
        return store.get(LeadKey.lead(leadId(email)));
    }

    private LeadState visitor(String anonymousId) {
        return store.get(LeadKey.anonymous(anonymousId));
    }

    private Stored item(String anonymousId) {
        return store.load(List.of(LeadKey.anonymous(anonymousId)), true).get(LeadKey.anonymous(anonymousId));
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Traits emailOnly(String email) {
        return new Traits(email, null, null, null, null, null, null, null);
    }

    @Test
    void group_shouldSetCompanyTraitsOnTheVisitor_andCarryThemIntoTheLead_whenTheVisitorIdentifies() {
        score(Ev.group("anon-g", "Contoso", 200, "software", at(0)), Ev.page("anon-g", "/pricing", at(1)));
        assertThat(visitor("anon-g").traits())
                .isEqualTo(new Traits(null, null, null, null, "Contoso", 200, "software", null));
        assertThat(visitor("anon-g").grade()).isEqualTo(Grade.C);

        Traits dana = new Traits("dana@contoso.example", "Dana", null, "Director", null, null, null, null);
        score(Ev.identify("anon-g", dana, at(60)));
        LeadState lead = lead("dana@contoso.example");
        assertThat(lead.traits()).isEqualTo(new Traits("dana@contoso.example", "Dana", null, "Director", "Contoso", 200,
                "software", null));
        assertThat(lead.grade()).as("title 30, business email 20, size 20, industry 15").isEqualTo(Grade.A);
        assertThat(lead.contributions()).containsKey("pricing-page");
    }

    @Test
    void group_shouldLiftTheLeadsGrade_andQualifyIt_whenItsScoreIsAlreadyOverTheThreshold() {
        score(ofUser(Ev.identify("-", emailOnly(ADA), at(0))));
        score(ofUser(Ev.track("-", "Webinar Attended", at(10))), ofUser(Ev.track("-", "Webinar Attended", at(20))),
                ofUser(Ev.track("-", "Content Downloaded", Map.of("assetType", "case_study"), at(30))),
                ofUser(Ev.page("-", "/pricing", at(40))));
        assertThat(lead(ADA).grade()).isEqualTo(Grade.D);
        assertThat(lead(ADA).stage()).as("105 points, but graded D").isEqualTo(Stage.LEAD);

        ScoreService.Result r = score(ofUser(Ev.group("-", "Analytical Engines", 200, "software", at(50))));

        assertThat(r.qualifications()).isEqualTo(1);
        assertThat(lead(ADA).grade()).isEqualTo(Grade.B);
        assertThat(lead(ADA).stage()).isEqualTo(Stage.MQL);
    }

    @Test
    void identify_shouldSetTraitsOnTheVisitor_andLinkNothing_whenItHasNoEmail() {
        ScoreService.Result r = score(Ev.page("anon-n", "/pricing", at(0)),
                Ev.identify("anon-n", USER, new Traits(null, "Sam", null, "VP Sales", null, null, null, "DE"), at(1)));

        assertThat(r.leadsWritten()).isEqualTo(1);
        assertThat(item("anon-n")).isInstanceOf(Stored.Lead.class);
        assertThat(visitor("anon-n").traits().title()).isEqualTo("VP Sales");
        assertThat(visitor("anon-n").contributions()).containsKey("pricing-page");
        assertThat(item(DERIVED)).as("no link to the user's lead without an email").isNull();
    }

    @Test
    void identify_shouldSetTraitsOnTheLead_whenItHasNoEmailAndTheVisitorIsKnown() {
        score(Ev.identify("anon-k", emailOnly(ADA), at(0)));
        score(Ev.identify("anon-k", new Traits(null, null, null, "Head of Marketing", null, null, null, null), at(60)));

        assertThat(lead(ADA).traits().title()).isEqualTo("Head of Marketing");
        assertThat(lead(ADA).traits().email()).isEqualTo(ADA);
        assertThat(item("anon-k")).isEqualTo(new Stored.Alias("anon-k", leadId(ADA), 1));
    }

    @Test
    void identify_shouldLinkTheUsersDerivedId_soThatLaterServerSideEventsReachTheLead_whenItCarriesAUserId() {
        score(Ev.identify("anon-b", USER, Ev.fitting(ADA), at(0)));
        assertThat(item(DERIVED)).isEqualTo(new Stored.Alias(DERIVED, leadId(ADA), 1));

        score(ofUser(Ev.track("-", "Webinar Attended", at(60))));

        assertThat(lead(ADA).contributions()).containsKey("webinar-attended");
        assertThat(item(DERIVED)).isInstanceOf(Stored.Alias.class);
    }

    @Test
    void identify_shouldMergeTheDerivedLeadsHistory_whenTheServerSawTheUserFirst() {
        score(ofUser(Ev.track("-", "Webinar Attended", at(0))));
        assertThat(visitor(DERIVED).contributions()).containsKey("webinar-attended");

        score(Ev.page("anon-b", "/pricing", at(30)), Ev.identify("anon-b", USER, Ev.fitting(ADA), at(60)));

        assertThat(lead(ADA).contributions()).containsKeys("webinar-attended", "pricing-page");
        assertThat(lead(ADA).mergedAnonymousIds()).contains("anon-b", DERIVED);
        assertThat(item(DERIVED)).isEqualTo(new Stored.Alias(DERIVED, leadId(ADA), 2));
        assertThat(item("anon-b")).as("its page came in the identify's batch: never stored")
                .isEqualTo(new Stored.Alias("anon-b", leadId(ADA), 1));
    }

    @Test
    void identify_shouldSendTheDerivedIdsEventsOfTheSameBatchToTheLead_inOneWrite() {
        ScoreService.Result r = score(Ev.identify("anon-b", USER, Ev.fitting(ADA), at(0)),
                ofUser(Ev.track("-", "Webinar Attended", at(1))), Ev.page("anon-b", "/pricing", at(2)));

        assertThat(r.leadsWritten()).isEqualTo(1);
        assertThat(lead(ADA).contributions()).containsKeys("webinar-attended", "pricing-page");
        assertThat(item(DERIVED)).isEqualTo(new Stored.Alias(DERIVED, leadId(ADA), 1));
    }

    @Test
    void alias_shouldMergeTheVisitorIntoTheUsersLead_whenTheUserIsAlreadyKnown() {
        score(Ev.page("anon-a", "/pricing", at(0)));
        score(ofUser(Ev.identify("-", Ev.fitting(ADA), at(60))));
        double before = lead(ADA).scoreAt(at(200));

        score(Ev.alias("anon-a", USER, at(120)));

        assertThat(item("anon-a")).isEqualTo(new Stored.Alias("anon-a", leadId(ADA), 2));
        assertThat(lead(ADA).contributions()).containsKey("pricing-page");
        assertThat(lead(ADA).scoreAt(at(200))).as("the visitor's history, nothing for the alias")
                .isCloseTo(before + 16 * Math.pow(2, -200.0 / MODEL.halfLife().getSeconds()), within(1e-6));
        score(Ev.page("anon-a", "/compare/x", at(180)));
        assertThat(lead(ADA).contributions()).containsKey("comparison-page");
    }

    @Test
    void alias_shouldMergeTheUsersLeadIntoTheLead_whenTheVisitorIsAlreadyKnown() {
        score(ofUser(Ev.track("-", "Webinar Attended", at(0))));
        score(Ev.identify("anon-a", Ev.fitting(ADA), at(60)));

        score(Ev.alias("anon-a", USER, at(120)));

        assertThat(item(DERIVED)).isEqualTo(new Stored.Alias(DERIVED, leadId(ADA), 2));
        assertThat(lead(ADA).contributions()).containsKey("webinar-attended");
    }

    @Test
    void alias_shouldNoteEachIdOnTheOthersLead_withoutMergingOrScoring_whenNeitherIsALead() {
        score(Ev.page("anon-a", "/pricing", at(0)), ofUser(Ev.track("-", "Webinar Attended", at(1))));
        LeadState visitorBefore = visitor("anon-a");
        LeadState userBefore = visitor(DERIVED);

        ScoreService.Result r = score(Ev.alias("anon-a", USER, at(120)));

        assertThat(r.leadsWritten()).as("one note on each lead").isEqualTo(2);
        assertThat(visitor("anon-a").sameAs()).containsExactly(DERIVED);
        assertThat(visitor(DERIVED).sameAs()).containsExactly("anon-a");
        assertThat(visitor("anon-a").score()).isEqualTo(visitorBefore.score());
        assertThat(visitor(DERIVED).score()).isEqualTo(userBefore.score());
        assertThat(visitor("anon-a").lastSeen()).as("an alias is not activity").isEqualTo(visitorBefore.lastSeen());
    }

    @Test
    void identify_shouldMergeBothNotedLeads_whenTheVisitorIdentifiesAfterAnAlias() {
        score(Ev.page("anon-a", "/pricing", at(0)), ofUser(Ev.track("-", "Webinar Attended", at(1))));
        score(Ev.alias("anon-a", USER, at(120)));

        score(Ev.identify("anon-a", Ev.fitting(ADA), at(180)));

        assertThat(lead(ADA).contributions()).containsKeys("pricing-page", "webinar-attended");
        assertThat(item("anon-a")).isInstanceOf(Stored.Alias.class);
        assertThat(item(DERIVED)).isEqualTo(new Stored.Alias(DERIVED, leadId(ADA), 3));
        assertThat(lead(ADA).sameAs()).isEmpty();
    }

    @Test
    void identify_shouldMergeBothNotedLeads_whenTheUserIdentifiesAfterAnAlias() {
        score(Ev.page("anon-a", "/pricing", at(0)), ofUser(Ev.track("-", "Webinar Attended", at(1))));
        score(Ev.alias("anon-a", USER, at(120)));

        score(ofUser(Ev.identify("-", Ev.fitting(ADA), at(180))));

        assertThat(lead(ADA).contributions()).containsKeys("pricing-page", "webinar-attended");
        assertThat(item("anon-a")).isEqualTo(new Stored.Alias("anon-a", leadId(ADA), 3));
        assertThat(item(DERIVED)).isInstanceOf(Stored.Alias.class);
    }

    @Test
    void identify_shouldLinkBothIds_whenTheAliasArrivesInTheSameBatch() {
        score(Ev.page("anon-a", "/pricing", at(0)));

        ScoreService.Result r = score(Ev.alias("anon-a", USER, at(100)),
                ofUser(Ev.identify("-", Ev.fitting(ADA), at(101))), ofUser(Ev.track("-", "Webinar Attended", at(102))));

        assertThat(r.leadsWritten()).isEqualTo(1);
        assertThat(lead(ADA).contributions()).containsKeys("pricing-page", "webinar-attended");
        assertThat(item("anon-a")).isEqualTo(new Stored.Alias("anon-a", leadId(ADA), 2));
        assertThat(item(DERIVED)).isEqualTo(new Stored.Alias(DERIVED, leadId(ADA), 1));
    }

    @Test
    void alias_shouldKeepTwoLeadsApart_whenEachIdAlreadyBelongsToADifferentLead() {
        score(Ev.identify("anon-a", Ev.fitting(ADA), at(0)), Ev.page("anon-a", "/pricing", at(1)));
        score(ofUser(Ev.identify("-", Ev.fitting("grace@navy.example"), at(2))),
                ofUser(Ev.track("-", "Webinar Attended", at(3))));
        LeadState ada = lead(ADA);
        LeadState grace = lead("grace@navy.example");
        int writes = store.writes.get();

        score(Ev.alias("anon-a", USER, at(120)));

        assertThat(store.writes.get()).as("writes").isEqualTo(writes);
        assertThat(lead(ADA)).isEqualTo(ada);
        assertThat(lead("grace@navy.example")).isEqualTo(grace);
        assertThat(item("anon-a")).isEqualTo(new Stored.Alias("anon-a", leadId(ADA), 1));
        assertThat(item(DERIVED)).isEqualTo(new Stored.Alias(DERIVED, leadId("grace@navy.example"), 1));
    }

    @Test
    void alias_shouldChangeNothing_whenSentAgain() {
        score(Ev.page("anon-a", "/pricing", at(0)), ofUser(Ev.track("-", "Webinar Attended", at(1))));
        score(Ev.alias("anon-a", USER, at(120)));
        int writes = store.writes.get();

        score(Ev.alias("anon-a", USER, at(180)));
        assertThat(store.writes.get()).as("writes after the same alias twice, neither a lead").isEqualTo(writes);

        score(ofUser(Ev.identify("-", Ev.fitting(ADA), at(240))));
        LeadState ada = lead(ADA);
        writes = store.writes.get();
        score(Ev.alias("anon-a", USER, at(300)));
        assertThat(store.writes.get()).as("writes after the same alias once both are the lead's").isEqualTo(writes);
        assertThat(lead(ADA)).isEqualTo(ada);
    }

    @Test
    void alias_shouldChangeNothing_afterAnIdentifyThatAlreadyLinkedBothIds() {
        score(Ev.page("anon-a", "/pricing", at(0)), Ev.identify("anon-a", USER, Ev.fitting(ADA), at(1)));
        LeadState ada = lead(ADA);
        int writes = store.writes.get();

        ScoreService.Result r = score(Ev.alias("anon-a", USER, at(120)));

        assertThat(r.leadsWritten()).isZero();
        assertThat(store.writes.get()).isEqualTo(writes);
        assertThat(lead(ADA)).isEqualTo(ada);
    }

    @Test
    void alias_shouldWriteTheAlias_whenTheVisitorHasNoHistoryYet() {
        score(ofUser(Ev.identify("-", Ev.fitting(ADA), at(0))));

        score(Ev.alias("anon-new", USER, at(60)));
        assertThat(item("anon-new")).isEqualTo(new Stored.Alias("anon-new", leadId(ADA), 1));

        score(Ev.page("anon-new", "/pricing", at(120)));
        assertThat(lead(ADA).contributions()).containsKey("pricing-page");
        assertThat(item("anon-new")).isInstanceOf(Stored.Alias.class);
    }

    @Test
    void alias_shouldQualifyTheLead_whenTheMergedHistoryTakesItOverTheThreshold() {
        score(Ev.track("anon-a", "Webinar Attended", at(0)), Ev.track("anon-a", "Webinar Attended", at(10)),
                Ev.page("anon-a", "/pricing", at(20)));
        score(ofUser(Ev.identify("-", Ev.fitting(ADA), at(30))), ofUser(Ev.track("-", "Content Downloaded",
                Map.of("assetType", "case_study"), at(40))));
        assertThat(lead(ADA).stage()).as("graded A, 20 points").isEqualTo(Stage.LEAD);

        ScoreService.Result r = score(Ev.alias("anon-a", USER, at(60)));

        assertThat(r.qualifications()).isEqualTo(1);
        assertThat(lead(ADA).stage()).isEqualTo(Stage.MQL);
        assertThat(lead(ADA).qualifiedBy()).isEqualTo("score");
    }

    @Test
    void screen_shouldScoreOnThePageRules_whenIngestDeliveredItAsAPage() {
        // a Segment screen() reaches scoring as a page whose path ingest took from the call
        score(ofUser(Ev.page("-", "/pricing", at(0))));

        assertThat(visitor(DERIVED).contributions()).containsKeys("pricing-page", "page-view");
    }
}
