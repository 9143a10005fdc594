package io.mqlengine.archive;

import io.mqlengine.model.TrackingEvent;
import java.util.function.Consumer;

/**
 * Archived tracking events, read in archive order (duplicates included: the reader drops them by event id, as
 * scoring does). What-if replays and re-scoring read through this; {@link ArchiveFiles} reads a local file or
 * directory, the archive's other implementations read the twin's recording or the S3 archive.
 */
public interface EventSource {

    /**
     * Hands every archived event to {@code each}, in order. A malformed archive fails with
     * {@link IllegalArgumentException} naming the object and line; an unreadable one with
     * {@link java.io.UncheckedIOException}.
     */
    void forEach(Consumer<TrackingEvent> each);
}
