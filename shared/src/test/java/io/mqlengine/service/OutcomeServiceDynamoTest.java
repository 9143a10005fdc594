package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mqlengine.Ev;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.journey.ManualClock;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.SalesOutcome.Kind;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.SalesOutcomes;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.scoring.Transition;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Sales outcomes applied and stored through the DynamoDB adapter, on the DynamoDB emulator. */
class OutcomeServiceDynamoTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadIds IDS = new LeadIds("outcome-test-lead-id-secret");
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    private DynamoDbClient dynamo;
    private String table;
    private DynamoLeadStore store;
    private ManualClock clock;
    private OutcomeService service;

    @BeforeEach
    void createTable() {
        dynamo = Emulators.get().dynamo();
        table = TemplateResources.createTable(dynamo, "LeadsTable");
        store = new DynamoLeadStore(dynamo, table, Duration.ofDays(30));
        clock = new ManualClock(T0.plusSeconds(60));
        service = new OutcomeService(store, new SalesOutcomes(MODEL), IDS, clock);
    }

    /** A lead that raised its hand at T0 and is an MQL (qualification #1). */
    private String qualifiedLead(String email) {
        String id = IDS.forEmail(email);
        Outcome o = new LeadScorer(MODEL).apply(LeadState.fresh(id, false, MODEL), List.of(
                Ev.identify("a-" + id, Ev.fitting(email), T0), Ev.track("a-" + id, "Demo Requested", T0.plusSeconds(1))),
                T0.plusSeconds(5));
        assertThat(o.state().stage()).isEqualTo(Stage.MQL);
        store.write(LeadKey.lead(id), o, List.of(), T0.plusSeconds(5));
        return id;
    }

    private static OutcomeService.Item item(String id, SalesOutcome.Target target, Kind kind, Instant at, String reason) {
        return new OutcomeService.Item("m-" + id, new SalesOutcome(id, target, kind, reason, at, "rep@example.com"));
    }

    @Test
    void apply_shouldMoveTheStoredLeadThroughTheFunnel_byLeadIdEmailAndHandoffId() {
        String id = qualifiedLead("ada@acme.io");
        service.apply(List.of(item("o1", new SalesOutcome.Target(null, "ada@acme.io", null), Kind.ACCEPTED,
                T0.plusSeconds(20), null)));
        service.apply(List.of(item("o2", new SalesOutcome.Target(null, null, id + "#1"), Kind.SQL, T0.plusSeconds(30),
                null)));
        OutcomeService.Result won = service.apply(List.of(item("o3", new SalesOutcome.Target(id, null, null), Kind.WON,
                T0.plusSeconds(40), "signed")));

        assertThat(won.leadsWritten()).isEqualTo(1);
        LeadState s = store.get(LeadKey.lead(id));
        assertThat(s.stage()).isEqualTo(Stage.CUSTOMER);
        assertThat(s.history()).extracting(Transition::to).containsExactly(Stage.MQL, Stage.SAL, Stage.SQL, Stage.CUSTOMER);
        assertThat(s.history().get(3).note()).isEqualTo("signed");
        assertThat(s.outcomes()).extracting(LeadState.Verdict::outcomeId).containsExactly("o1", "o2", "o3");
        assertThat(s.outcomes().get(0).by()).isEqualTo("rep@example.com");
    }

    @Test
    void apply_shouldRecycleWithThePoints_andKeepTheRejectionsReason_inTheStoredItem() {
        String id = qualifiedLead("bob@acme.io");
        double before = store.get(LeadKey.lead(id)).scoreAt(T0.plusSeconds(60));
        service.apply(List.of(item("r1", new SalesOutcome.Target(id, null, null), Kind.REJECTED, T0.plusSeconds(50),
                "wrong person | left the company")));
        LeadState s = store.get(LeadKey.lead(id));
        assertThat(s.stage()).isEqualTo(Stage.RECYCLED);
        assertThat(s.scoreAt(T0.plusSeconds(60))).isCloseTo(before - 30, within(0.01));
        assertThat(s.history().get(s.history().size() - 1).note()).isEqualTo("wrong person | left the company");
        assertThat(s.handoffPending()).isFalse();
    }

    @Test
    void apply_shouldIgnoreADuplicate_andRefuseAReplacedHandoff_withoutAnotherWrite() {
        String id = qualifiedLead("cy@acme.io");
        OutcomeService.Item accepted = item("a1", new SalesOutcome.Target(id, null, null), Kind.ACCEPTED,
                T0.plusSeconds(20), null);
        service.apply(List.of(accepted));
        long version = store.get(LeadKey.lead(id)).version();
        OutcomeService.Result again = service.apply(List.of(accepted));
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(again.leadsWritten()).isZero();

        OutcomeService.Result stale = service.apply(List.of(item("s1", new SalesOutcome.Target(null, null, id + "#2"),
                Kind.SQL, T0.plusSeconds(30), null)));
        assertThat(stale.decided().get(0).verdict().note()).contains("no handoff #2");
        assertThat(store.get(LeadKey.lead(id)).stage()).isEqualTo(Stage.SAL);
        assertThat(store.get(LeadKey.lead(id)).version()).as("a refusal before the lead is read is not written").isEqualTo(version);
    }

    @Test
    void apply_shouldWriteNothing_forALeadThatDoesNotExist() {
        OutcomeService.Result r = service.apply(List.of(item("x1", new SalesOutcome.Target(null, "nobody@acme.io", null),
                Kind.ACCEPTED, T0, null)));
        assertThat(r.count(LeadState.Verdict.Status.REFUSED)).isEqualTo(1);
        assertThat(r.leadsWritten()).isZero();
        assertThat(dynamo.scan(b -> b.tableName(table)).items()).isEmpty();
    }

    @Test
    void apply_shouldRemoveTheResetRulesFromTheItem_whenAnOutcomeResetsTheScore() {
        ScoringModel reset = new ScoringModel(MODEL.version(), MODEL.halfLife(), MODEL.sessionTimeout(), MODEL.mql(),
                MODEL.recycleThreshold(), MODEL.staleAfter(), MODEL.handoffRetryAfter(), MODEL.behaviour(), MODEL.fit(),
                MODEL.disqualifiers(), MODEL.emailDomains(), MODEL.bots(),
                new ScoringModel.Outcomes(Map.of(Kind.REJECTED, new ScoringModel.OutcomeRule(0, true))), MODEL.sla());
        OutcomeService resetting = new OutcomeService(store, new SalesOutcomes(reset), IDS, clock);
        String id = qualifiedLead("di@acme.io");
        resetting.apply(List.of(item("r1", new SalesOutcome.Target(id, null, null), Kind.REJECTED, T0.plusSeconds(50),
                null)));
        LeadState s = store.get(LeadKey.lead(id));
        assertThat(s.scoreAt(T0.plusSeconds(60))).isZero();
        assertThat(s.contributions()).isEmpty();
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(LeadKey.lead(id).pk())))).item();
        assertThat(item.get("r").m()).isEmpty();
    }
}
