package io.mqlengine.local.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWatchTest {
    @TempDir
    Path dir;

    /** Polls until {@code count} reaches {@code at least}, or the deadline passes. */
    private static int awaitAtLeast(AtomicInteger count, int atLeast, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (count.get() < atLeast && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        return count.get();
    }

    @Test
    void watch_shouldReloadOnce_whenTheModelIsSavedInABurst() throws Exception {
        Path model = Files.writeString(dir.resolve("scoring-model.json"), "{}");
        AtomicInteger reloads = new AtomicInteger();
        try (ModelWatch watch = ModelWatch.start(List.of(model), reloads::incrementAndGet)) {
            for (int i = 0; i < 5; i++) {
                Files.writeString(model, "{\"v\":" + i + "}");
            }
            assertThat(awaitAtLeast(reloads, 1, 10_000)).isEqualTo(1);
            // a second reload, if the burst were split, would come within the quiet period after the first
            assertThat(awaitAtLeast(reloads, 2, 3 * ModelWatch.QUIET_MILLIS)).as("one reload per burst").isEqualTo(1);
        }
    }

    @Test
    void watch_shouldReload_whenAnEditorRenamesANewFileOverTheModel() throws Exception {
        Path model = Files.writeString(dir.resolve("scoring-model.json"), "{}");
        AtomicInteger reloads = new AtomicInteger();
        try (ModelWatch watch = ModelWatch.start(List.of(model), reloads::incrementAndGet)) {
            Path saved = Files.writeString(dir.resolve(".scoring-model.json.swp"), "{\"v\":2}");
            Files.move(saved, model, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);

            assertThat(awaitAtLeast(reloads, 1, 10_000)).isEqualTo(1);
        }
    }

    @Test
    void watch_shouldNotReload_whenAnotherFileInTheDirectoryChanges() throws Exception {
        Path model = Files.writeString(dir.resolve("scoring-model.json"), "{}");
        AtomicInteger reloads = new AtomicInteger();
        try (ModelWatch watch = ModelWatch.start(List.of(model), reloads::incrementAndGet)) {
            Files.writeString(dir.resolve("notes.txt"), "a note");
            Files.writeString(model, "{\"v\":1}");

            assertThat(awaitAtLeast(reloads, 1, 10_000)).isEqualTo(1);
            Files.writeString(dir.resolve("notes.txt"), "another note");
            assertThat(awaitAtLeast(reloads, 2, 3 * ModelWatch.QUIET_MILLIS + 2_000)).as("notes.txt is not the model")
                    .isEqualTo(1);
        }
    }

    @Test
    void start_shouldNameTheVariable_whenNoFunctionNamesAModel() {
        assertThatThrownBy(() -> ModelWatch.start(List.of(), () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(LiveModels.VARIABLE);
    }
}
