package io.mqlengine.archive;

import io.mqlengine.model.TrackingEvent;
import java.util.List;

/** Where a score batch's accepted events are kept: one object per batch, in {@link ArchiveFormat}. */
public interface EventArchive {

    /**
     * Writes {@code events} as one archive object and returns its name (the S3 key, or the file written). Fails with
     * an unchecked exception when the object was not written; the caller decides what becomes of the batch.
     */
    String write(List<TrackingEvent> events);
}
