package io.mqlengine.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mqlengine.json.Problem;
import io.mqlengine.model.SalesOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeMessagesTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String LEAD = "4a7vm2dvx2kzrmyeurjii6hhu4";
    private static final OutcomeMessages MESSAGES = new OutcomeMessages(Duration.ofMinutes(5));

    private static List<String> paths(String json) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> MESSAGES.parse(json, NOW));
        assertThat(e).as("refused: %s", json).isNotNull();
        return e.problems().stream().map(Problem::path).toList();
    }

    @Test
    void parse_shouldReadAnOutcome_namedByEmail() {
        SalesOutcome o = MESSAGES.parse("{\"outcomeId\":\"crm-8842\",\"email\":\"ada@analytical-engines.example\","
                + "\"outcome\":\"accepted\",\"at\":\"2026-11-23T10:15:30Z\",\"by\":\"sdr-7\"}", NOW);
        assertThat(o).isEqualTo(new SalesOutcome("crm-8842",
                new SalesOutcome.Target(null, "ada@analytical-engines.example", null), SalesOutcome.Kind.ACCEPTED, null,
                Instant.parse("2026-11-23T10:15:30Z"), "sdr-7"));
    }

    @Test
    void parse_shouldReadAnOutcome_namedByHandoff_withItsReason_andAnOffsetTime() {
        SalesOutcome o = MESSAGES.parse("{\"outcomeId\":\"o-1\",\"handoffId\":\"" + LEAD + "#2\",\"outcome\":\"rejected\","
                + "\"reason\":\"wrong person\",\"at\":\"2026-11-23T11:00:00+01:00\"}", NOW);
        assertThat(o.target().handoffId()).isEqualTo(LEAD + "#2");
        assertThat(o.outcome()).isEqualTo(SalesOutcome.Kind.REJECTED);
        assertThat(o.reason()).isEqualTo("wrong person");
        assertThat(o.at()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void parse_shouldNameEveryProblem_ofOneBadMessage() {
        assertThat(paths("{\"outcomeId\":\"crm 8844\",\"email\":\"ada@x.example\",\"leadId\":\"" + LEAD + "\","
                + "\"outcome\":\"closed\",\"at\":\"tomorrow\",\"colour\":\"red\"}"))
                .containsExactlyInAnyOrder("$.colour", "$.outcomeId", "$", "$.outcome", "$.at");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no lead named | {\"outcomeId\":\"o\",\"outcome\":\"won\",\"at\":\"2026-11-23T10:00:00Z\"} | $",
            "lead id form | {\"outcomeId\":\"o\",\"leadId\":\"ADA\",\"outcome\":\"won\",\"at\":\"2026-11-23T10:00:00Z\"} | $.leadId",
            "email form | {\"outcomeId\":\"o\",\"email\":\"ada\",\"outcome\":\"won\",\"at\":\"2026-11-23T10:00:00Z\"} | $.email",
            "handoff form | {\"outcomeId\":\"o\",\"handoffId\":\"" + LEAD + "#0\",\"outcome\":\"won\",\"at\":\"2026-11-23T10:00:00Z\"} | $.handoffId",
            "outcome type | {\"outcomeId\":\"o\",\"leadId\":\"" + LEAD + "\",\"outcome\":1,\"at\":\"2026-11-23T10:00:00Z\"} | $.outcome",
            "future | {\"outcomeId\":\"o\",\"leadId\":\"" + LEAD + "\",\"outcome\":\"won\",\"at\":\"2026-11-23T12:06:00Z\"} | $.at",
            "no time | {\"outcomeId\":\"o\",\"leadId\":\"" + LEAD + "\",\"outcome\":\"won\"} | $.at",
            "no id | {\"leadId\":\"" + LEAD + "\",\"outcome\":\"won\",\"at\":\"2026-11-23T10:00:00Z\"} | $.outcomeId",
            "control character | {\"outcomeId\":\"o\",\"leadId\":\"" + LEAD + "\",\"outcome\":\"lost\",\"reason\":\"a\\u0007b\",\"at\":\"2026-11-23T10:00:00Z\"} | $.reason",
            "not json | {\"outcomeId\": | $",
            "not an object | [1,2] | $"})
    void parse_shouldRefuseAndNameThePath(String what, String json, String path) {
        assertThat(paths(json)).as(what).containsExactly(path);
    }

    @Test
    void parse_shouldRefuseAReasonLongerThan256Characters() {
        assertThat(paths("{\"outcomeId\":\"o\",\"leadId\":\"" + LEAD + "\",\"outcome\":\"lost\",\"reason\":\""
                + "x".repeat(257) + "\",\"at\":\"2026-11-23T10:00:00Z\"}")).containsExactly("$.reason");
    }
}
