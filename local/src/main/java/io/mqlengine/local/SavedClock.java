package io.mqlengine.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.local.clock.TwinClock;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.template.TemplateRefusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The twin clock's offset in {@code twin-clock.json} of the data directory, so that moved time survives a restart. */
final class SavedClock {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SavedClock() {}

    static void restore(Path dir, TwinClock clock) {
        Path file = dir.resolve("twin-clock.json");
        if (Files.exists(file)) {
            try {
                clock.restoreOffset(Duration.parse(JSON.readTree(file.toFile()).path("offset").asText("PT0S")));
            } catch (IOException e) {
                throw new TemplateRefusal("--data-dir", "cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    static void save(Path dir, TwinClock clock) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("twin-clock.json"), JsonLines.json(Map.of("offset", clock.offset().toString())));
        } catch (IOException e) {
            System.err.println("[twin] cannot save the clock: " + e.getMessage());
        }
    }
}
