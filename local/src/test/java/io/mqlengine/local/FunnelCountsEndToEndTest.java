package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.journey.Journey;
import io.mqlengine.json.Json;
import io.mqlengine.local.demo.JourneyReplay;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Transition;
import io.mqlengine.store.FunnelCounters;
import io.mqlengine.store.FunnelTally;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.Stored;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The funnel counters on the twin: the project's template with the real functions jar replays the journeys, then
 * the sweep runs a month later; the per-day counter items the lifecycle function kept must match, day by day, the new
 * leads and stage changes the leads' own items record.
 */
class FunnelCountsEndToEndTest {
    private static final Path ROOT = EndToEndTest.ROOT;
    /** The counters every write's tally sums into, with the histograms (not a count of steps) left out. */
    private static final Set<String> PLAIN = Set.of(FunnelTally.LEADS, FunnelTally.MQLS, FunnelTally.SALS,
            FunnelTally.SQLS, FunnelTally.CUSTOMERS, FunnelTally.DISQUALIFIED, FunnelTally.SLA_MISSED);

    private RunningTwin twin;
    private HttpTwin http;
    private Map<String, Object> ready;

    @BeforeAll
    static void functionsJarIsBuilt() {
        assertThat(ROOT.resolve("functions/target/mql-functions.jar"))
                .as("the functions jar (mvn -B verify builds it before these tests)").exists();
    }

    @AfterEach
    void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    @SuppressWarnings("unchecked")
    private String table() {
        return ((Map<String, String>) ready.get("tables")).get("LeadsTable");
    }

    /** Per day, what the leads' items say happened: their creation, their stage changes and missed SLAs. */
    private Map<LocalDate, Map<String, Long>> fromTheLeads() {
        Map<LocalDate, Map<String, Long>> out = new TreeMap<>();
        for (var item : http.items(table())) {
            if (!(LeadItems.read(item) instanceof Stored.Lead p) || p.state().anonymous()) {
                continue;
            }
            LeadState s = p.state();
            add(out, s.createdAt(), FunnelTally.LEADS);
            for (Transition t : s.history()) {
                String key = switch (t.to()) {
                    case MQL -> FunnelTally.MQLS;
                    case SAL -> FunnelTally.SALS;
                    case SQL -> FunnelTally.SQLS;
                    case CUSTOMER -> FunnelTally.CUSTOMERS;
                    case DISQUALIFIED -> FunnelTally.DISQUALIFIED;
                    case RECYCLED -> FunnelTally.RECYCLED + (t.reason().equals("score-decayed") ? "decayed"
                            : t.reason().replace("outcome:", ""));
                    default -> null;
                };
                if (key != null) {
                    add(out, t.at(), key);
                }
                if (t.to() == io.mqlengine.model.Stage.MQL) {
                    add(out, t.at(), FunnelTally.BY_CAUSE + t.reason());
                }
            }
            if (s.slaMissedAt() != null) {
                add(out, s.slaMissedAt(), FunnelTally.SLA_MISSED);
            }
        }
        return out;
    }

    private static void add(Map<LocalDate, Map<String, Long>> out, Instant at, String key) {
        out.computeIfAbsent(LocalDate.ofInstant(at, ZoneOffset.UTC), d -> new TreeMap<>()).merge(key, 1L, Long::sum);
    }

    /** The counters without the histograms and campaigns, which the leads' items do not record per write. */
    private static Map<LocalDate, Map<String, Long>> comparable(Map<LocalDate, Map<String, Long>> counted) {
        Map<LocalDate, Map<String, Long>> out = new TreeMap<>();
        counted.forEach((day, counts) -> counts.forEach((k, v) -> {
            if (PLAIN.contains(k) || k.startsWith(FunnelTally.RECYCLED) || k.startsWith(FunnelTally.BY_CAUSE)) {
                out.computeIfAbsent(day, d -> new TreeMap<>()).put(k, v);
            }
        }));
        return out;
    }

    @Test
    void journeys_shouldBeCountedPerDay_asTheLeadsRecordTheirStageChanges() throws Exception {
        TwinLines lines = new TwinLines();
        twin = LocalTwin.start(TwinOptions.of(EndToEndTest.TEMPLATE).withPort(0).withTestHooks(true)
                .withFastRetries(true).withOutput(lines));
        JsonNode line = lines.awaitLine(l -> l.path("ready").asBoolean(), Duration.ofSeconds(5));
        ready = Json.mapper().convertValue(line, Map.class);
        http = new HttpTwin(ready);
        List<Journey> journeys = Journey.all(ROOT.resolve("events/journeys"));
        Instant start = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.DAYS);
        http.set(start);
        new JourneyReplay(http.api, (String) ready.get("writeKey"), http).replay(journeys, start, l -> { });
        http.advance(Duration.ofDays(30)); // the MQLs decay and their accept SLAs pass: the sweep recycles and flags
        http.fire("SweepFunction");
        assertThat(http.awaitIdle(Duration.ofSeconds(60))).as("idle; waiting on %s", http.lastWaitingOn).isTrue();

        Map<LocalDate, Map<String, Long>> expected = fromTheLeads();
        FunnelCounters counters = new FunnelCounters(http.dynamo, table());
        LocalDate from = LocalDate.ofInstant(start, ZoneOffset.UTC);
        LocalDate to = LocalDate.ofInstant(http.now(), ZoneOffset.UTC);
        // the twin can report idle before its stream poller has seen the sweep's last writes: poll with a deadline
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<LocalDate, Map<String, Long>> counted = comparable(counters.days(from, to));
        while (!counted.equals(expected) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            counted = comparable(counters.days(from, to));
        }

        long mqls = expected.values().stream().mapToLong(m -> m.getOrDefault(FunnelTally.MQLS, 0L)).sum();
        assertThat(mqls).as("the journeys qualify some leads").isGreaterThan(0);
        assertThat(counted).isEqualTo(expected);
    }
}
