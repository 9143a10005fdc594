package io.mqlengine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.config.ConfigException;
import io.mqlengine.handoff.HandoffHandler;
import io.mqlengine.ingest.IngestHandler;
import io.mqlengine.score.ScoreHandler;
import io.mqlengine.sweep.SweepHandler;
import io.mqlengine.testing.TemplateResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function with bad configuration fails at start-up with a message that names the variable (and field). */
class ConfigTest {
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "x");
        env.put("AWS_SECRET_ACCESS_KEY", "y");
        env.put("LEADS_TABLE", "leads");
        env.put("LEAD_ID_SECRET", "a-secret-of-enough-length");
        env.put("SCORING_MODEL_FILE", TemplateResources.repositoryRoot().resolve("model/scoring-model.json").toString());
        env.put("EVENTS_QUEUE_URL", "http://localhost:1/q");
        env.put("HAND_RAISER_QUEUE_URL", "http://localhost:1/r");
        env.put("HANDOFF_QUEUE_URL", "http://localhost:1/h.fifo");
        env.put("WRITE_KEYS", "demo-write-key");
        env.put("ALLOWED_ORIGINS", "https://www.example.com");
        env.put("IDENTITY_SECRET", "");
        env.put("MAX_EVENT_AGE", "P7D");
        return env;
    }

    private static Map<String, String> without(String name) {
        Map<String, String> env = env();
        env.remove(name);
        return env;
    }

    @Test
    void handlers_shouldNameTheMissingVariable() {
        assertThatThrownBy(() -> new IngestHandler(without("EVENTS_QUEUE_URL"), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("EVENTS_QUEUE_URL");
        assertThatThrownBy(() -> new IngestHandler(without("HAND_RAISER_QUEUE_URL"), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HAND_RAISER_QUEUE_URL");
        assertThatThrownBy(() -> new IngestHandler(without("SCORING_MODEL_FILE"), Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SCORING_MODEL_FILE");
        assertThatThrownBy(() -> new IngestHandler(without("IDENTITY_SECRET"), Clock.systemUTC()))
                .hasMessageContaining("IDENTITY_SECRET").hasMessageContaining("empty string");
        assertThatThrownBy(() -> new ScoreHandler(without("LEAD_ID_SECRET"), Clock.systemUTC()))
                .hasMessageContaining("LEAD_ID_SECRET");
        assertThatThrownBy(() -> new HandoffHandler(without("HANDOFF_QUEUE_URL"), Clock.systemUTC()))
                .hasMessageContaining("HANDOFF_QUEUE_URL");
        assertThatThrownBy(() -> new SweepHandler(without("LEADS_TABLE"), Clock.systemUTC()))
                .hasMessageContaining("LEADS_TABLE");
        assertThatThrownBy(() -> new SweepHandler(without("AWS_REGION"), Clock.systemUTC()))
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void handlers_shouldNameABadValue() {
        Map<String, String> env = env();
        env.put("MAX_EVENT_AGE", "a week");
        assertThatThrownBy(() -> new IngestHandler(env, Clock.systemUTC())).hasMessageContaining("MAX_EVENT_AGE")
                .hasMessageContaining("a week");
        Map<String, String> shortSecret = env();
        shortSecret.put("LEAD_ID_SECRET", "short");
        assertThatThrownBy(() -> new ScoreHandler(shortSecret, Clock.systemUTC())).hasMessageContaining("LEAD_ID_SECRET");
    }

    @Test
    void handlers_shouldNameTheVariableAndTheModelField_whenTheModelIsBad(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("bad-model.json");
        Files.writeString(model, Files.readString(TemplateResources.repositoryRoot().resolve("model/scoring-model.json"))
                .replace("\"halfLife\": \"P30D\"", "\"halfLife\": \"thirty days\""));
        Map<String, String> env = env();
        env.put("SCORING_MODEL_FILE", model.toString());
        assertThatThrownBy(() -> new ScoreHandler(env, Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SCORING_MODEL_FILE").hasMessageContaining("$.decay.halfLife")
                .hasMessageContaining(model.toString());
        assertThatThrownBy(() -> new IngestHandler(env, Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SCORING_MODEL_FILE").hasMessageContaining("$.decay.halfLife");
        env.put("SCORING_MODEL_FILE", dir.resolve("missing.json").toString());
        assertThatThrownBy(() -> new SweepHandler(env, Clock.systemUTC())).hasMessageContaining("missing.json")
                .hasMessageContaining("cannot be read");
    }
}
