package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.Ev;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.journey.ManualClock;
import io.mqlengine.model.Stage;
import io.mqlengine.observe.AwsUsage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.LeadStore;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The sweep on the DynamoDB emulator, with the review index as template.yaml projects it: it decides from the index
 * entries and reads a whole lead only where the score is needed (an MQL whose handoff is done), and its decisions
 * are those of a sweep that reads every due lead whole (the in-memory store, whose index carries nothing).
 */
class SweepIndexReadsTest {
    private static final ScoringModel MODEL = ScoringModelLoader.loadDefault();
    private static final LeadIds IDS = new LeadIds("sweep-index-test-secret");
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static final LeadScorer SCORER = new LeadScorer(MODEL);

    private final AwsUsage usage = new AwsUsage();
    private DynamoLeadStore dynamo;
    private InMemoryLeadStore whole;
    private final List<LeadKey> keys = new ArrayList<>();

    @BeforeEach
    void createTable() {
        DynamoDbClient plain = Emulators.get().dynamo();
        String table = TemplateResources.createTable(plain, "LeadsTable");
        DynamoDbClient counted = DynamoDbClient.builder().endpointOverride(URI.create(Emulators.get().dynamoEndpoint()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(usage).build())
                .build();
        dynamo = new DynamoLeadStore(counted, table, Duration.ofDays(30));
        whole = new InMemoryLeadStore();
    }

    /** Writes the same lead, built by {@code events}, to both stores. */
    private void seed(LeadKey key, List<io.mqlengine.model.TrackingEvent> events, Instant at) {
        Outcome o = SCORER.apply(LeadState.fresh(key.id(), key.anonymous(), MODEL), events, at);
        for (LeadStore s : List.of(dynamo, whole)) {
            s.write(key, o, List.of(), at);
        }
        keys.add(key);
    }

    /** Ten due leads of every kind the sweep acts on: stale known and anonymous, stuck handoffs, handed-off MQLs. */
    private int seedMix() {
        for (int i = 0; i < 3; i++) {
            seed(LeadKey.lead(IDS.forEmail("quiet" + i + "@acme.io")), List.of(Ev.page("q" + i, "/pricing", T0)), T0);
            seed(LeadKey.anonymous("anon-" + i), List.of(Ev.page("anon-" + i, "/blog", T0)), T0);
            String stuck = "stuck" + i + "@acme.io";
            seed(LeadKey.lead(IDS.forEmail(stuck)), List.of(Ev.identify("s" + i, Ev.fitting(stuck), T0),
                    Ev.track("s" + i, "Demo Requested", T0.plusSeconds(1))), T0.plusSeconds(5));
        }
        String done = "done@acme.io";
        String doneId = IDS.forEmail(done);
        seed(LeadKey.lead(doneId), List.of(Ev.identify("d", Ev.fitting(done), T0),
                Ev.track("d", "Demo Requested", T0.plusSeconds(1))), T0.plusSeconds(5));
        for (LeadStore s : List.of(dynamo, whole)) {
            assertThat(s.markHandedOff(doneId, 1, T0.plusSeconds(6))).isTrue();
        }
        return keys.size();
    }

    private static SweepService.Result sweep(LeadStore store, Instant at) {
        return new SweepService(store, SCORER, new ManualClock(at)).sweep(() -> true);
    }

    private long itemsRead() {
        return usage.totals().getOrDefault("DynamoDB.itemsRead", 0L).longValue();
    }

    @Test
    void sweep_shouldReadNoMoreThanOneItemPerDueLeadBeyondTheIndex_whenEveryKindOfLeadIsDue() {
        int n = seedMix();
        Instant late = T0.plus(Duration.ofDays(200));
        long before = itemsRead();

        SweepService.Result r = sweep(dynamo, late);

        long read = itemsRead() - before;
        assertThat(r.due()).as("due leads").isEqualTo(n);
        assertThat(r.written()).isEqualTo(n);
        assertThat(read - r.due()).as("items read beyond the %d index entries", r.due()).isLessThanOrEqualTo(n);
        // only the handed-off MQL needs its score, so only it is read whole
        assertThat(read).as("index entries plus whole leads read").isEqualTo(n + 1L);
    }

    @Test
    void sweep_shouldDecideAsAWholeLeadSweep_whenDecidingFromTheIndex() {
        seedMix();
        for (Instant at : List.of(T0.plus(Duration.ofMinutes(20)), T0.plus(Duration.ofDays(3)),
                T0.plus(Duration.ofDays(200)))) {
            SweepService.Result fromIndex = sweep(dynamo, at);
            SweepService.Result fromItems = sweep(whole, at);

            assertThat(fromIndex).as("sweep at %s", at).isEqualTo(fromItems);
            for (LeadKey key : keys) {
                LeadState a = dynamo.get(key);
                LeadState b = whole.get(key);
                assertThat(decided(a)).as("%s after the sweep at %s", key.pk(), at).isEqualTo(decided(b));
            }
        }
        assertThat(sweep(dynamo, T0.plus(Duration.ofDays(200))).written()).as("a second sweep at the same instant")
                .isZero();
    }

    @Test
    void sweep_shouldRereadTheLead_whenItsIndexEntryIsOlderThanTheLead() {
        String email = "late@acme.io";
        LeadKey key = LeadKey.lead(IDS.forEmail(email));
        seed(key, List.of(Ev.page("l", "/pricing", T0)), T0);
        Instant late = T0.plus(MODEL.staleAfter()).plus(Duration.ofHours(1));
        LeadStore.DuePage page = dynamo.due(late, 10, null);
        assertThat(page.indexed()).as("the index entry carries the lead's review attributes").containsKey(key);
        // the lead moves on after the index was read: the sweep's write from the entry must not land
        LeadStore racing = new io.mqlengine.testing.DelegatingStore(dynamo) {
            @Override
            public DuePage due(Instant now, int limit, String cursor) {
                DuePage p = super.due(now, limit, cursor);
                LeadState current = dynamo.get(key);
                Outcome touched = SCORER.apply(current, List.of(Ev.page("l", "/docs", now.minusSeconds(30))), now);
                dynamo.write(key, touched, List.of(), now);
                return p;
            }
        };

        SweepService.Result r = sweep(racing, late);

        assertThat(r.failed()).isZero();
        assertThat(dynamo.get(key).stage()).as("seen 30 s ago, so not stale").isEqualTo(Stage.LEAD);
        assertThat(r.archived()).isZero();
    }

    /** What the sweep decides about a lead; not the score's eras, which a whole-lead review also trims. */
    private static Map<String, Object> decided(LeadState s) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("stage", s.stage());
        m.put("version", s.version());
        m.put("stageChangedAt", s.stageChangedAt());
        m.put("history", s.history());
        m.put("reviewAt", s.reviewAt());
        m.put("slaMissedAt", s.slaMissedAt());
        m.put("handoffPending", s.handoffPending());
        m.put("qualifications", s.qualifications());
        m.put("traits", s.traits());
        m.put("contributions", s.contributions());
        m.put("lastSeen", s.lastSeen());
        return m;
    }
}
