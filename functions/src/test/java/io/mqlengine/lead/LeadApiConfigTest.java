package io.mqlengine.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.config.ConfigException;
import io.mqlengine.testing.TemplateResources;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeadApiConfigTest {

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("LEADS_TABLE", "leads");
        env.put("LEAD_ID_SECRET", "a-lead-id-secret-of-some-length");
        env.put("SCORING_MODEL_FILE", TemplateResources.repositoryRoot().resolve("model/scoring-model.json").toString());
        env.put("AWS_REGION", "eu-west-1");
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"LEADS_TABLE", "LEAD_ID_SECRET", "SCORING_MODEL_FILE", "AWS_REGION"})
    void handler_shouldFailAtStartNamingTheVariable_whenOneIsMissing(String variable) {
        Map<String, String> env = env();
        env.remove(variable);
        assertThatThrownBy(() -> new LeadApiHandler(env, Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(variable);
    }

    @Test
    void from_shouldKeepTombstonesForTheDedupeHorizonOfMaxEventAge_sevenDaysWhenUnset() {
        assertThat(LeadApiConfig.from(env()).tombstoneKept()).isEqualTo(java.time.Duration.ofDays(12));
        Map<String, String> env = env();
        env.put("MAX_EVENT_AGE", "P30D");
        assertThat(LeadApiConfig.from(env).tombstoneKept()).isEqualTo(java.time.Duration.ofDays(35));
        env.put("MAX_EVENT_AGE", "soon");
        assertThatThrownBy(() -> LeadApiConfig.from(env)).hasMessageContaining("MAX_EVENT_AGE");
    }

    @Test
    void from_shouldRefuseAShortLeadIdSecret() {
        Map<String, String> env = env();
        env.put("LEAD_ID_SECRET", "short");
        assertThatThrownBy(() -> LeadApiConfig.from(env)).hasMessageContaining("LEAD_ID_SECRET");
    }

    @Test
    void template_shouldSetEveryVariableTheConfigReads_onTheLeadApiFunction() {
        java.util.Set<String> set = new java.util.HashSet<>(java.util.Set.of("AWS_REGION"));
        TemplateResources.template().path("Globals").path("Function").path("Environment").path("Variables")
                .fieldNames().forEachRemaining(set::add);
        TemplateResources.properties("LeadApiFunction").path("Environment").path("Variables").fieldNames()
                .forEachRemaining(set::add);
        assertThat(set).containsAll(LeadApiConfig.VARIABLES);
        assertThat(TemplateResources.properties("LeadApiFunction").path("Events")).allSatisfy(e ->
                assertThat(e.path("Properties").path("Auth").path("Authorizer").asText()).isEqualTo("AWS_IAM"));
    }
}
