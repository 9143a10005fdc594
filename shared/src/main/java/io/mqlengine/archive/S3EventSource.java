package io.mqlengine.archive;

import io.mqlengine.model.TrackingEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An archive in an S3 bucket under a prefix: every {@code *.jsonl.gz} object, in key order (ListObjectsV2 lists
 * keys in UTF-8 binary order, which for {@link ArchiveKeys} is time order), each read with GetObject.
 */
public final class S3EventSource implements EventSource {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3EventSource(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
    }

    @Override
    public void forEach(Consumer<TrackingEvent> each) {
        String token = null;
        do {
            String from = token;
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(from));
            for (S3Object o : page.contents()) {
                if (o.key().endsWith(ArchiveFiles.SUFFIX)) {
                    read(o.key(), each);
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    private void read(String key, Consumer<TrackingEvent> each) {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            ArchiveFormat.read(in, each);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("s3://" + bucket + "/" + key + ": not a readable gzip archive ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
