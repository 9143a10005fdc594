package io.mqlengine.archive;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The archive's object names: {@code <prefix>yyyy/MM/dd/HH/<epoch millis>-<uuid>.jsonl.gz} in UTC, by the time the
 * batch was archived. Name order is time order (to the millisecond, what a replay needs: the dedupe by event id makes
 * the order of two batches of one millisecond irrelevant), an hour's objects share a prefix that a lifecycle rule or
 * {@code aws s3 sync} can select, and the uuid keeps two score functions from ever writing the same key.
 */
public final class ArchiveKeys {
    /** The prefix under which the score function writes (the bucket holds nothing else). */
    public static final String PREFIX = "events/";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/").withZone(ZoneOffset.UTC);

    private ArchiveKeys() {
    }

    /** A new object name for a batch archived at {@code at}. */
    public static String next(Instant at) {
        return PREFIX + HOUR.format(at) + String.format("%013d", at.toEpochMilli()) + "-" + UUID.randomUUID()
                + ArchiveFiles.SUFFIX;
    }
}
