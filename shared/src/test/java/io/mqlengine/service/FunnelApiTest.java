package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.store.FunnelCounters;
import io.mqlengine.store.FunnelTally;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's funnel answer, from counter items in a leads table on the DynamoDB emulator. */
class FunnelApiTest {
    /** A Friday. */
    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");
    private static final AtomicLong WRITES = new AtomicLong();

    private FunnelCounters counters;
    private FunnelApi api;

    @BeforeEach
    void createTable() {
        var dynamo = Emulators.get().dynamo();
        String table = TemplateResources.createTable(dynamo, "LeadsTable");
        counters = new FunnelCounters(dynamo, table);
        api = new FunnelApi(counters, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void count(String day, Map<String, Long> counts) {
        assertThat(counters.add(new FunnelTally(LocalDate.parse(day), WRITES.incrementAndGet() * 7919, counts),
                Instant.parse(day + "T12:00:00Z"))).isTrue();
    }

    private JsonNode ok(Map<String, String> query) {
        IngestService.Response r = api.handle(query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.read(r.body());
    }

    private String problem(Map<String, String> query) {
        IngestService.Response r = api.handle(query);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode body = Json.read(r.body());
        return body.toString();
    }

    @Test
    void handle_shouldSumTheDaysAndConvert_whenThePeriodHasCounts() {
        for (int i = 0; i < 4; i++) {
            count("2026-11-02", Map.of(FunnelTally.LEADS, 1L));
        }
        count("2026-11-03", Map.of(FunnelTally.MQLS, 1L, FunnelTally.BY_CAUSE + "score", 1L,
                FunnelTally.BY_CAMPAIGN + FunnelTally.NO_CAMPAIGN, 1L));
        count("2026-11-04", Map.of(FunnelTally.MQLS, 1L, FunnelTally.BY_CAUSE + "hand-raiser", 1L,
                FunnelTally.BY_CAMPAIGN + "spring-launch", 1L));
        count("2026-11-05", Map.of(FunnelTally.SALS, 1L));
        count("2026-11-06", Map.of(FunnelTally.RECYCLED + "rejected", 1L, FunnelTally.SLA_MISSED, 1L));
        count("2026-11-30", Map.of(FunnelTally.LEADS, 5L)); // after the period

        JsonNode n = ok(Map.of("from", "2026-11-01", "to", "2026-11-28"));

        assertThat(n.get("from").asText()).isEqualTo("2026-11-01");
        assertThat(n.get("to").asText()).isEqualTo("2026-11-28");
        JsonNode c = n.get("counts");
        assertThat(c.get("leads").asLong()).isEqualTo(4);
        assertThat(c.get("mqls").asLong()).isEqualTo(2);
        assertThat(c.get("sals").asLong()).isEqualTo(1);
        assertThat(c.get("sqls").asLong()).isZero();
        assertThat(c.get("slaMissed").asLong()).isEqualTo(1);
        assertThat(c.get("recycled").toString()).isEqualTo("{\"rejected\":1,\"lost\":0,\"decayed\":0}");
        assertThat(n.get("conversion").get("leadToMql").asDouble()).isEqualTo(0.5);
        assertThat(n.get("conversion").get("mqlToSal").asDouble()).isEqualTo(0.5);
        assertThat(n.get("conversion").get("salToSql").asDouble()).isZero();
        assertThat(n.get("conversion").get("sqlToWon").isNull()).as("no SQLs: no rate").isTrue();
        assertThat(n.get("slaMissedPerDay").toString()).isEqualTo("[{\"day\":\"2026-11-06\",\"missed\":1}]");
    }

    @Test
    void handle_shouldListEveryWeekInOrder_withZeros_whenMqlsFallInOneWeek() {
        count("2026-11-11", Map.of(FunnelTally.MQLS, 3L));

        JsonNode weeks = ok(Map.of("from", "2026-11-01", "to", "2026-11-20")).get("mqlsPerWeek");

        List<String> rows = new ArrayList<>();
        weeks.forEach(w -> rows.add(w.get("week").asText() + "=" + w.get("mqls").asLong()));
        assertThat(rows).containsExactly("2026-10-26=0", "2026-11-02=0", "2026-11-09=3", "2026-11-16=0");
    }

    @Test
    void handle_shouldRankCausesAndCampaigns_mostFirst() {
        count("2026-11-10", Map.of(FunnelTally.BY_CAUSE + "score", 1L, FunnelTally.BY_CAUSE + "hand-raiser", 3L,
                FunnelTally.BY_CAMPAIGN + "a", 1L, FunnelTally.BY_CAMPAIGN + "b", 4L, FunnelTally.BY_CAMPAIGN + "c", 2L));

        JsonNode n = ok(Map.of("from", "2026-11-01", "to", "2026-11-27"));

        assertThat(n.get("mqlsByCause").toString())
                .isEqualTo("[{\"cause\":\"hand-raiser\",\"mqls\":3},{\"cause\":\"score\",\"mqls\":1}]");
        assertThat(n.get("mqlsByCampaign").findValuesAsText("campaign")).containsExactly("b", "c", "a");
    }

    @Test
    void handle_shouldAnswerMedianHours_fromTheHistograms() {
        for (int hours : new int[] {1, 30, 32, 33, 500}) {
            count("2026-11-10", Map.of(FunnelTally.TO_MQL + FunnelTally.Histogram.bucket(Duration.ofHours(hours)), 1L));
        }
        count("2026-11-11", Map.of(FunnelTally.TO_ACCEPT + FunnelTally.Histogram.bucket(Duration.ofHours(2)), 1L));

        JsonNode n = ok(Map.of("from", "2026-11-01", "to", "2026-11-27"));

        assertThat(n.get("medianHoursToMql").asDouble()).isBetween(32 * 0.88, 32 * 1.12);
        assertThat(n.get("medianHoursToAccept").asDouble()).isBetween(2 * 0.88, 2 * 1.12);
    }

    @Test
    void handle_shouldAnswerTheLast28DaysWithNulls_whenNoParametersAndNoData() {
        JsonNode n = ok(null);

        assertThat(n.get("from").asText()).isEqualTo("2026-10-31");
        assertThat(n.get("to").asText()).isEqualTo("2026-11-27");
        assertThat(n.get("medianHoursToMql").isNull()).isTrue();
        assertThat(n.get("conversion").get("leadToMql").isNull()).isTrue();
        assertThat(n.get("mqlsPerWeek")).hasSize(5);
        assertThat(n.get("mqlsByCause")).isEmpty();
    }

    @Test
    void handle_shouldAnswer400NamingTheParameter_whenAParameterIsBad() {
        assertThat(problem(Map.of("from", "2026-13-01"))).contains("from: must be a day as YYYY-MM-DD");
        assertThat(problem(Map.of("to", "yesterday"))).contains("to: must be a day as YYYY-MM-DD");
        assertThat(problem(Map.of("from", "2026-11-10", "to", "2026-11-01"))).contains("from: must not be after to");
        assertThat(problem(Map.of("from", "2025-01-01", "to", "2026-11-01"))).contains("to: the period is at most 400 days");
        assertThat(problem(Map.of("form", "2026-11-01"))).contains("form: unknown parameter");
        assertThat(problem(Map.of("from", "2026-11-28"))).contains("invalid_parameter").contains("from: must not be after to");
    }
}
