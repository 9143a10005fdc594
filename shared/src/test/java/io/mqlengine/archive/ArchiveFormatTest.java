package io.mqlengine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.model.Traits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ArchiveFormatTest {

    private static TrackingEvent page(String id, String path) {
        return new TrackingEvent(id, EventType.PAGE, null, "anon-1", null, Traits.NONE,
                Instant.parse("2026-11-30T10:00:00Z"), Map.of("campaign", Map.of("name", "spring")),
                Map.of("path", path));
    }

    @Test
    void read_shouldReturnEveryEventOfEveryMember_whenMembersAreConcatenated() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(ArchiveFormat.gzip(List.of(page("e1", "/pricing"), page("e2", "/docs"))));
        file.write(ArchiveFormat.gzip(List.of(page("e3", "/demo"))));

        List<TrackingEvent> read = new ArrayList<>();
        ArchiveFormat.read(new ByteArrayInputStream(file.toByteArray()), read::add);

        assertThat(read).extracting(TrackingEvent::eventId).containsExactly("e1", "e2", "e3");
        assertThat(read.get(0)).isEqualTo(page("e1", "/pricing"));
    }

    @Test
    void read_shouldNameTheLine_whenALineIsNotAnEvent() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write("{\"type\":\"page\"}\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThatThrownBy(() -> ArchiveFormat.read(new ByteArrayInputStream(bytes.toByteArray()), e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("archive line 1");
    }
}
