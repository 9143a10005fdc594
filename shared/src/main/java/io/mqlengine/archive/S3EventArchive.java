package io.mqlengine.archive;

import io.mqlengine.model.TrackingEvent;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The archive in an S3 bucket: one PutObject per score batch ({@link ArchiveKeys} names it). The client is built on
 * the first write, so a function that never archives never loads the S3 SDK.
 */
public final class S3EventArchive implements EventArchive {
    private final Supplier<S3Client> s3;
    private final String bucket;
    private final Clock clock;
    private volatile S3Client client;

    public S3EventArchive(Supplier<S3Client> s3, String bucket, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    @Override
    public String write(List<TrackingEvent> events) {
        String key = ArchiveKeys.next(clock.instant());
        byte[] body = ArchiveFormat.gzip(events);
        client().putObject(b -> b.bucket(bucket).key(key).contentType("application/x-ndjson").contentEncoding("gzip"),
                RequestBody.fromBytes(body));
        return key;
    }

    private S3Client client() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = s3.get();
                }
                c = client;
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + ArchiveKeys.PREFIX;
    }
}
