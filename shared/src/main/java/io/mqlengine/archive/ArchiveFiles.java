package io.mqlengine.archive;

import io.mqlengine.model.TrackingEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An archive on local disk: one file of one or more gzip members, or a directory whose {@code *.jsonl.gz} files
 * are read recursively in name order (their paths relative to the directory, compared as strings), so that
 * {@code aws s3 sync s3://bucket/prefix dir} gives a readable archive.
 */
public final class ArchiveFiles implements EventSource {
    /** The file name ending that marks an archive object inside a directory. */
    public static final String SUFFIX = ".jsonl.gz";

    private final Path path;

    public ArchiveFiles(Path path) {
        this.path = path;
    }

    /** The files read, in order: the path itself, or a directory's archive objects. */
    public List<Path> files() {
        if (!Files.isDirectory(path)) {
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(path + ": no such archive file or directory");
            }
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(SUFFIX))
                    .sorted((a, b) -> path.relativize(a).toString().replace('\\', '/')
                            .compareTo(path.relativize(b).toString().replace('\\', '/')))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forEach(Consumer<TrackingEvent> each) {
        for (Path f : files()) {
            try (InputStream in = Files.newInputStream(f)) {
                ArchiveFormat.read(in, each);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(f + ": not a readable gzip archive (" + e.getMessage() + ")", e);
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
