package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** Starts the twin on a template written to {@code dir}; the refusal tests expect it to throw before it is up. */
final class RefusedStart {

    private RefusedStart() {
    }

    static void start(Path dir, String template) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, template);
        RunningTwin twin = LocalTwin.start(TwinOptions.of(file).withPort(0).withOutput(line -> { }));
        twin.close();
        assertThat(twin).as("should have been refused").isNull();
    }
}
