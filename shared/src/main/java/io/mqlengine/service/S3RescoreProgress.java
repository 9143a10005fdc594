package io.mqlengine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A re-scoring's progress as one small JSON object in the archive bucket ({@link #KEY}, outside the events prefix):
 * what an operator or the console reads while a run goes on, and how the next deployment tells whether the model
 * version it carries was re-scored already. No item in the leads table, whose stream consumers would see it.
 */
public final class S3RescoreProgress implements Consumer<RescoreService.Progress> {
    /** The progress object's key. */
    public static final String KEY = "rescore/progress.json";

    private final S3Client s3;
    private final String bucket;

    public S3RescoreProgress(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The model version of the last run that finished, or empty (none yet). */
    public Optional<String> lastDone() {
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(KEY))) {
            JsonNode n = Json.mapper().readTree(in);
            return "done".equals(n.path("state").asText()) ? Optional.of(n.path("modelVersion").asText())
                    : Optional.empty();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void accept(RescoreService.Progress p) {
        ObjectNode n = Json.object();
        n.put("modelVersion", p.modelVersion());
        n.put("state", p.state());
        n.put("events", p.events());
        n.put("leads", p.leads());
        n.put("leadsDone", p.leadsDone());
        n.put("written", p.written());
        n.put("qualified", p.qualified());
        n.put("skipped", p.skipped());
        n.put("startedAt", String.valueOf(p.startedAt()));
        n.put("finishedAt", p.finishedAt() == null ? null : p.finishedAt().toString());
        n.put("error", p.error());
        s3.putObject(b -> b.bucket(bucket).key(KEY).contentType("application/json"), RequestBody.fromString(n.toString()));
    }
}
