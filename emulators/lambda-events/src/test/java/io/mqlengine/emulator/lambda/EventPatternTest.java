package io.mqlengine.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** EventBridge event patterns: the examples of the EventBridge content-filtering documentation, on event envelopes. */
class EventPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECYCLED = """
            {"version": "0", "id": "e-1", "detail-type": "Lead Stage Changed", "source": "mql-engine",
             "account": "000000000000", "time": "2026-12-02T10:00:00Z", "region": "us-east-1", "resources": [],
             "detail": {"leadId": "l-1", "from": "MQL", "to": "RECYCLED",
                        "cause": {"type": "outcome", "outcome": "rejected", "reason": "wrong person"}}}""";

    @Test
    void matches_shouldSelectRecycledLeads_whenThePatternIsTheDocumentedSubscription() {
        String pattern = "{\"source\":[\"mql-engine\"],\"detail-type\":[\"Lead Stage Changed\"],\"detail\":{\"to\":[\"RECYCLED\"]}}";

        assertThat(matches(pattern, RECYCLED)).isTrue();
        assertThat(matches(pattern, RECYCLED.replace("\"to\": \"RECYCLED\"", "\"to\": \"SAL\""))).isFalse();
        assertThat(matches(pattern, RECYCLED.replace("Lead Stage Changed", "Lead SLA Missed"))).isFalse();
        assertThat(matches(pattern, RECYCLED.replace("\"source\": \"mql-engine\"", "\"source\": \"other\""))).isFalse();
    }

    @Test
    void matches_shouldMatchNestedDetailAndExists_whenThePatternLooksIntoTheCause() {
        assertThat(matches("{\"detail\":{\"cause\":{\"outcome\":[\"rejected\",\"lost\"]}}}", RECYCLED)).isTrue();
        assertThat(matches("{\"detail\":{\"cause\":{\"reason\":[{\"exists\":true}]}}}", RECYCLED)).isTrue();
        assertThat(matches("{\"detail\":{\"cause\":{\"reason\":[{\"exists\":false}]}}}", RECYCLED)).isFalse();
        assertThat(matches("{\"detail\":{\"grade\":[{\"exists\":false}]}}", RECYCLED)).isTrue();
    }

    @Test
    void matches_shouldHonourWildcards_whenThePatternUsesTheWildcardOperator() {
        assertThat(matches("{\"detail-type\":[{\"wildcard\":\"Lead * Changed\"}]}", RECYCLED)).isTrue();
        assertThat(matches("{\"detail-type\":[{\"wildcard\":\"Lead*\"}]}", RECYCLED)).isTrue();
        assertThat(matches("{\"detail-type\":[{\"wildcard\":\"*Missed\"}]}", RECYCLED)).isFalse();
        assertThat(matches("{\"detail\":{\"leadId\":[{\"wildcard\":\"l-*\"}]}}", RECYCLED)).isTrue();
        assertThat(matches("{\"detail\":{\"leadId\":[{\"wildcard\":\"l\\\\*\"}]}}", RECYCLED))
                .as("an escaped star is a literal star").isFalse();
        assertThat(matches("{\"detail\":{\"leadId\":[{\"wildcard\":\"l\\\\*\"}]}}", RECYCLED.replace("l-1", "l*")))
                .isTrue();
    }

    @Test
    void matches_shouldExcludeByCaseOrWildcard_whenAnythingButTakesTheEventBridgeForms() {
        assertThat(matches("{\"detail\":{\"to\":[{\"anything-but\":{\"equals-ignore-case\":[\"recycled\",\"sal\"]}}]}}", RECYCLED))
                .isFalse();
        assertThat(matches("{\"detail\":{\"to\":[{\"anything-but\":{\"equals-ignore-case\":\"customer\"}}]}}", RECYCLED))
                .isTrue();
        assertThat(matches("{\"detail\":{\"to\":[{\"anything-but\":{\"wildcard\":\"RE*\"}}]}}", RECYCLED)).isFalse();
        assertThat(matches("{\"detail\":{\"to\":[{\"anything-but\":{\"prefix\":\"SA\"}}]}}", RECYCLED)).isTrue();
        assertThat(matches("{\"detail\":{\"to\":[{\"prefix\":{\"equals-ignore-case\":\"recy\"}}]}}", RECYCLED)).isTrue();
        assertThat(matches("{\"detail\":{\"to\":[{\"suffix\":{\"equals-ignore-case\":\"CLED\"}}]}}", RECYCLED)).isTrue();
        assertThat(matches("{\"detail\":{\"to\":[{\"suffix\":{\"equals-ignore-case\":\"mql\"}}]}}", RECYCLED)).isFalse();
    }

    @Test
    void parse_shouldKeepLambdaFiltersToTheirGrammar_whenAnEventBridgeOnlyOperatorIsUsed() {
        assertThatThrownBy(() -> FilterPattern.parse("{\"a\":[{\"wildcard\":\"x*\"}]}"))
                .hasMessageContaining("a: operator 'wildcard' is not supported in Lambda filters");
        assertThatThrownBy(() -> FilterPattern.parse("{\"a\":[{\"anything-but\":{\"equals-ignore-case\":\"x\"}}]}"))
                .hasMessageContaining("anything-but takes a value, a list, or {prefix|suffix}");
        assertThatThrownBy(() -> FilterPattern.parse("{\"a\":[{\"prefix\":{\"equals-ignore-case\":\"x\"}}]}"))
                .hasMessageContaining("prefix takes a string");
    }

    @Test
    void parseEventPattern_shouldRefuseWithTheKey_whenThePatternIsInvalid() {
        assertThatThrownBy(() -> FilterPattern.parseEventPattern("{\"detail\":{\"to\":\"RECYCLED\"}}"))
                .hasMessageContaining("detail.to: leaf values must be lists");
        assertThatThrownBy(() -> FilterPattern.parseEventPattern("{\"source\":[{\"wildcard\":\"a**b\"}]}"))
                .hasMessageContaining("source: wildcard 'a**b' has consecutive * characters");
        assertThatThrownBy(() -> FilterPattern.parseEventPattern("{\"source\":[{\"cidr\":\"10.0.0.0/8\"}]}"))
                .hasMessageContaining("source: operator 'cidr' is not supported");
        assertThatThrownBy(() -> FilterPattern.parseEventPattern("{}")).hasMessageContaining("non-empty JSON object");
    }

    private static boolean matches(String pattern, String event) {
        try {
            JsonNode envelope = JSON.readTree(event);
            return FilterPattern.parseEventPattern(pattern).matches(envelope);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
