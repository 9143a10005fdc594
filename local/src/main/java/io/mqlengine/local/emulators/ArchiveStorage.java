package io.mqlengine.local.emulators;

import io.mqlengine.local.template.TemplateRefusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The template's S3 buckets on the twin: the {@link S3Emulator} on its port, storing under {@code <data-dir>/archive}
 * (kept across restarts) or a temporary directory removed at close, and appending to the record file when asked.
 */
public final class ArchiveStorage implements AutoCloseable {
    private final S3Emulator emulator;
    private final Path root;
    private final boolean temporary;

    private ArchiveStorage(S3Emulator emulator, Path root, boolean temporary) {
        this.emulator = emulator;
        this.root = root;
        this.temporary = temporary;
    }

    /** Starts the endpoint for {@code buckets} (names by logical id); null when the template has none. */
    public static ArchiveStorage start(Map<String, String> buckets, int port, Optional<Path> dataDir, Optional<Path> record)
            throws IOException {
        if (buckets.isEmpty()) {
            if (record.isPresent()) {
                throw new TemplateRefusal("--record", "the template has no S3 bucket to archive events in (is its "
                        + "EventArchive parameter off?), so there is nothing to record");
            }
            return null;
        }
        Path root = dataDir.isPresent() ? dataDir.get().resolve("archive") : Files.createTempDirectory("mql-twin-archive-");
        try {
            return new ArchiveStorage(S3Emulator.start(port, root, List.copyOf(buckets.values()), record.map(Path::toAbsolutePath)),
                    root, dataDir.isEmpty());
        } catch (IOException e) {
            throw Ports.unavailable(port, "--s3-port", e);
        }
    }

    public String endpoint() {
        return emulator.endpoint();
    }

    /** Where a bucket's objects are, as files (an archive directory the what-if command reads). */
    public Path directory(String bucket) {
        return emulator.bucketDirectory(bucket);
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() {
        emulator.close();
        if (temporary) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
