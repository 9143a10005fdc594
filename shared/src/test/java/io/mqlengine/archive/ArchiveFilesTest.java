package io.mqlengine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFilesTest {
    @TempDir
    Path dir;

    private static TrackingEvent page(String id) {
        return new TrackingEvent(id, EventType.PAGE, null, "anon-1", null, Traits.NONE,
                Instant.parse("2026-11-30T10:00:00Z"), Map.of(), Map.of("path", "/pricing"));
    }

    private static List<String> ids(EventSource source) {
        List<String> ids = new ArrayList<>();
        source.forEach(e -> ids.add(e.eventId()));
        return ids;
    }

    @Test
    void forEach_shouldReadEveryMember_whenOneFileHoldsSeveral() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(ArchiveFormat.gzip(List.of(page("e1"), page("e2"))));
        bytes.write(ArchiveFormat.gzip(List.of(page("e3"))));
        Path file = Files.write(dir.resolve("recording.gz"), bytes.toByteArray());

        assertThat(ids(new ArchiveFiles(file))).containsExactly("e1", "e2", "e3");
    }

    @Test
    void forEach_shouldReadArchiveObjectsRecursivelyInNameOrder_whenGivenADirectory() throws Exception {
        Files.createDirectories(dir.resolve("2026/11/30"));
        Files.createDirectories(dir.resolve("2026/12/01"));
        Files.write(dir.resolve("2026/12/01/a.jsonl.gz"), ArchiveFormat.gzip(List.of(page("e4"))));
        Files.write(dir.resolve("2026/11/30/b.jsonl.gz"), ArchiveFormat.gzip(List.of(page("e2"), page("e3"))));
        Files.write(dir.resolve("2026/11/30/a.jsonl.gz"), ArchiveFormat.gzip(List.of(page("e1"))));
        Files.writeString(dir.resolve("2026/11/30/notes.txt"), "not an archive object");

        assertThat(ids(new ArchiveFiles(dir))).containsExactly("e1", "e2", "e3", "e4");
    }

    @Test
    void forEach_shouldNameTheFileAndLine_whenALineIsNotAnEvent() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(ArchiveFormat.gzip(List.of(page("e1"))));
        try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write("{\"oops\":1}\n".getBytes(StandardCharsets.UTF_8));
        }
        Path file = Files.write(dir.resolve("bad.jsonl.gz"), bytes.toByteArray());

        assertThatThrownBy(() -> ids(new ArchiveFiles(file)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.jsonl.gz")
                .hasMessageContaining("line 2");
    }

    @Test
    void files_shouldNameThePath_whenItDoesNotExist() {
        assertThatThrownBy(() -> new ArchiveFiles(dir.resolve("missing.gz")).files())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.gz");
    }
}
