package io.mqlengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.config.ConfigException;
import io.mqlengine.testing.TemplateResources;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ingest function's allow-list is read once at start: a malformed origin stops the start, naming it. */
class IngestConfigTest {
    private static Map<String, String> env(String allowedOrigins) {
        Map<String, String> env = new HashMap<>();
        env.put("EVENTS_QUEUE_URL", "http://localhost:1/q");
        env.put("HAND_RAISER_QUEUE_URL", "http://localhost:1/r");
        env.put("SCORING_MODEL_FILE", TemplateResources.repositoryRoot().resolve("model/scoring-model.json").toString());
        env.put("WRITE_KEYS", "demo-write-key");
        env.put("ALLOWED_ORIGINS", allowedOrigins);
        env.put("IDENTITY_SECRET", "");
        env.put("MAX_EVENT_AGE", "P7D");
        return env;
    }

    @Test
    void from_shouldFailNamingTheVariableAndTheEntry_whenAnOriginHasATrailingSlash() {
        assertThatThrownBy(() -> IngestConfig.from(env("https://example.com,https://www.example.com/")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment variable ALLOWED_ORIGINS: 'https://www.example.com/' ends with a slash; an "
                        + "origin has no path: https://www.example.com");
    }

    @Test
    void from_shouldFailNamingTheVariableAndTheEntry_whenAnOriginHasNoScheme() {
        assertThatThrownBy(() -> IngestConfig.from(env("www.example.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("environment variable ALLOWED_ORIGINS: 'www.example.com' has no scheme; write it "
                        + "as https://www.example.com");
    }

    @Test
    void from_shouldFailNamingTheVariable_whenAnEntryIsEmpty() {
        assertThatThrownBy(() -> IngestConfig.from(env("https://www.example.com,,https://example.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("environment variable ALLOWED_ORIGINS: 'https://www.example.com,,https://example.com'"
                        + " has an empty entry");
    }

    @Test
    void settings_shouldAllowAPageOnAnyLoopbackPort_whenGivenTheTwinsLoopbackOrigins() {
        IngestConfig config = IngestConfig.from(env("http://localhost:*,http://127.0.0.1:*,http://[::1]:*"));

        assertThat(config.settings().allowedOrigins().allows("http://localhost:5500")).isTrue();
        assertThat(config.settings().allowedOrigins().allows("http://127.0.0.1:8080")).isTrue();
        assertThat(config.settings().allowedOrigins().allows("https://www.example.com")).isFalse();
    }
}
