package io.mqlengine.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.EventCodec;
import io.mqlengine.json.Json;
import io.mqlengine.model.TrackingEvent;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The event archive's format: gzipped JSON lines, one accepted tracking event per line, as {@link EventCodec}
 * writes it (the same JSON as an element of the events queue's envelope). One score batch writes one gzip member;
 * members may be concatenated into one file (a gzip stream of several members is still one gzip file), so a
 * recording is the archive objects appended in the order they were written. Readers must expect duplicates: a
 * retried batch is archived again, and replay drops them by event id as scoring does.
 */
public final class ArchiveFormat {

    private ArchiveFormat() {
    }

    /** One gzip member holding {@code events}, one per line. */
    public static byte[] gzip(List<TrackingEvent> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + events.size() * 160);
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            for (TrackingEvent e : events) {
                out.write(EventCodec.toJson(e).toString().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads every event of a gzip stream of one or more members, in order. A line that is not a tracking event
     * fails with {@link IllegalArgumentException} naming its line number; blank lines are skipped.
     */
    public static void read(InputStream gzipped, Consumer<TrackingEvent> each) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(gzipped, 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
        String line;
        long n = 0;
        while ((line = lines.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = Json.mapper().readTree(line);
                each.accept(EventCodec.fromJson(node));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("archive line " + n + " is not a tracking event: " + e.getMessage(), e);
            }
        }
    }
}
