package io.mqlengine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.archive.ArchiveFiles;
import io.mqlengine.archive.ArchiveFormat;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.journey.Journey;
import io.mqlengine.journey.JourneyArchive;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.testing.TemplateResources;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What-if on the journeys: the live model against model/examples/candidate.json, which lowers the MQL threshold to
 * 90 and no longer fast-tracks a demo request, over an archive made of every journey's events.
 */
class WhatIfTest {
    private static final Path ROOT = TemplateResources.repositoryRoot();
    private static final Instant START = Instant.parse("2026-06-01T09:00:00Z");
    private static final String SECRET = "what-if-test-lead-id-secret";
    private static final ScoringModel LIVE = ScoringModelLoader.load(ROOT.resolve("model/scoring-model.json"));
    private static final ScoringModel CANDIDATE = ScoringModelLoader.load(ROOT.resolve("model/examples/candidate.json"));
    private static final List<Journey> JOURNEYS = Journey.all(ROOT.resolve("events/journeys"));

    @TempDir
    Path dir;

    private static Journey journey(String file) {
        return JOURNEYS.stream().filter(j -> j.file().equals(file)).findFirst().orElseThrow();
    }

    private static WhatIfReport whatIf(List<SalesOutcome> outcomes) {
        return new WhatIf(SECRET, WhatIf.DEFAULT_SWEEP_EVERY).run(LIVE, CANDIDATE, new JourneyArchive(JOURNEYS, START),
                outcomes);
    }

    @Test
    void whatIf_shouldQualifyOneJourneyEarlierAndAnotherNever_whenTheCandidateLowersTheThresholdAndDropsDemoFastTrack() {
        Journey demo = journey("05-fitting-demo-request");
        Journey content = journey("02-content-consumer");

        WhatIfReport r = whatIf(null);

        assertThat(r.onlyLive()).as("qualified by the live model only").extracting(WhatIfReport.Only::email)
                .containsExactly(demo.email());
        assertThat(r.onlyLive().get(0).cause()).isEqualTo("hand-raiser");
        assertThat(r.onlyLive().get(0).why()).startsWith("hand-raiser: score 76, grade B; demo-request 60");
        assertThat(r.onlyCandidate()).isEmpty();
        assertThat(r.earlier()).extracting(WhatIfReport.Shift::email).contains(content.email());
        WhatIfReport.Shift shift = r.earlier().stream().filter(s -> s.email().equals(content.email())).findFirst()
                .orElseThrow();
        assertThat(shift.candidateAt()).isBefore(shift.liveAt());
        assertThat(shift.liveAt()).isEqualTo(START.plus(content.steps().get(content.qualifiesAtStep() - 1).at())
                .plusSeconds(1));
        assertThat(r.later()).isEmpty();
        assertThat(r.live().mqls()).isEqualTo(r.candidate().mqls() + 1);
    }

    @Test
    void replay_shouldQualifyEachJourneyAtItsExpectedStep_whenAllJourneysArchivedTogetherRunUnderTheLiveModel() {
        List<TrackingEvent> events = WhatIf.Events.read(new JourneyArchive(JOURNEYS, START)).events();

        ModelReplay.Result r = new ModelReplay(LIVE, new LeadIds(SECRET), WhatIf.DEFAULT_SWEEP_EVERY).run(events);

        Map<String, Instant> expected = new HashMap<>();
        for (Journey j : JOURNEYS) {
            if (j.qualifiesAtStep() != null) {
                // scored a second after the step, as the journey runner scores it
                expected.put(j.email(), START.plus(j.steps().get(j.qualifiesAtStep() - 1).at()).plusSeconds(1));
            }
        }
        Map<String, Instant> actual = new HashMap<>();
        r.qualifications().forEach(q -> actual.putIfAbsent(q.email(), q.at()));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void whatIf_shouldCountWonAndRejectedLeadsPerModel_whenSalesOutcomesAreGiven() {
        Journey content = journey("02-content-consumer");
        Journey demo = journey("05-fitting-demo-request");
        String lines = String.join("\n",
                "{\"outcomeId\":\"o1\",\"email\":\"" + content.email() + "\",\"outcome\":\"won\",\"at\":\"2026-06-30T09:00:01Z\"}",
                "",
                "{\"outcomeId\":\"o2\",\"leadId\":\"" + new LeadIds(SECRET).forEmail(demo.email())
                        + "\",\"outcome\":\"rejected\",\"reason\":\"no budget\",\"at\":\"2026-06-02T09:00:00Z\"}",
                "{\"outcomeId\":\"o3\",\"email\":\"nobody@elsewhere.example\",\"outcome\":\"won\",\"at\":\"2026-06-30T09:00:00Z\"}");
        List<SalesOutcome> outcomes = WhatIfOutcomes.parse(lines, "outcomes.jsonl");

        WhatIfReport.Outcomes o = whatIf(outcomes).outcomes();

        assertThat(o.won()).isEqualTo(2);
        assertThat(o.wonQualifiedLive()).isEqualTo(1);
        assertThat(o.wonQualifiedCandidate()).isEqualTo(1);
        // the live model qualifies on day 19 and the candidate on day 16; the win is on day 29
        assertThat(o.medianDaysBeforeWinLive()).isEqualTo(10.0);
        assertThat(o.medianDaysBeforeWinCandidate()).isEqualTo(13.0);
        assertThat(o.rejected()).isEqualTo(1);
        assertThat(o.rejectedQualifiedLive()).isEqualTo(1);
        assertThat(o.rejectedQualifiedCandidate()).isZero();
        assertThat(o.unknown()).isEqualTo(1);
    }

    @Test
    void whatIf_shouldGiveTheSameAnswer_whenTheArchiveHoldsEveryEventTwiceInSeveralFiles() throws Exception {
        List<TrackingEvent> events = new JourneyArchive(JOURNEYS, START).events();
        Files.createDirectories(dir.resolve("2026/06"));
        Files.write(dir.resolve("2026/06/a.jsonl.gz"), ArchiveFormat.gzip(events));
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        twice.write(ArchiveFormat.gzip(events.subList(0, 40)));
        twice.write(ArchiveFormat.gzip(events.subList(40, events.size())));
        Files.write(dir.resolve("2026/06/b.jsonl.gz"), twice.toByteArray());

        WhatIfReport fromFiles = new WhatIf(SECRET, WhatIf.DEFAULT_SWEEP_EVERY).run(LIVE, CANDIDATE,
                new ArchiveFiles(dir), null);

        WhatIfReport fromJourneys = whatIf(null);
        assertThat(fromFiles.duplicates()).isEqualTo(events.size());
        assertThat(fromFiles.events()).isEqualTo(events.size());
        assertThat(fromFiles.onlyLive()).isEqualTo(fromJourneys.onlyLive());
        assertThat(fromFiles.earlier()).isEqualTo(fromJourneys.earlier());
        assertThat(fromFiles.live()).isEqualTo(fromJourneys.live());
        assertThat(fromFiles.candidate()).isEqualTo(fromJourneys.candidate());
    }

    @Test
    void mqlsPerWeek_shouldListEveryIsoWeekOfTheArchiveFromMonday_whenSomeWeeksHaveNone() {
        WhatIfReport r = whatIf(null);

        List<String> weeks = new ArrayList<>();
        r.live().mqlsPerWeek().forEach(w -> weeks.add(w.week() + "=" + w.mqls()));
        assertThat(weeks).containsExactly("2026-06-01=5", "2026-06-08=1", "2026-06-15=1", "2026-06-22=0");
        assertThat(r.candidate().mqlsPerWeek().stream().mapToInt(WhatIfReport.Week::mqls).sum())
                .isEqualTo(r.candidate().mqls());
    }
}
