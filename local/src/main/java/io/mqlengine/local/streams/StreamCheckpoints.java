package io.mqlengine.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where each stream mapping got to: per shard, the last sequence number handled (invoked, filtered
 * out, or sent to the on-failure destination), and the shards finished. With --data-dir it is
 * rewritten atomically after every batch, so a restart neither loses nor re-delivers records.
 */
public final class StreamCheckpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Optional<Path> file;
    private final ObjectNode state;

    public StreamCheckpoints(Optional<Path> file) {
        this.file = file;
        try {
            this.state = file.isPresent() && Files.exists(file.get())
                    ? (ObjectNode) JSON.readTree(file.get().toFile()) : JSON.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stream checkpoints " + file.get(), e);
        }
    }

    synchronized Optional<String> position(String mapping, String streamArn, String shardId) {
        JsonNode seq = mapping(mapping, streamArn).path("shards").path(shardId);
        return seq.isTextual() ? Optional.of(seq.asText()) : Optional.empty();
    }

    synchronized boolean finished(String mapping, String streamArn, String shardId) {
        for (JsonNode id : mapping(mapping, streamArn).path("finished")) {
            if (id.asText().equals(shardId)) {
                return true;
            }
        }
        return false;
    }

    synchronized void advance(String mapping, String streamArn, String shardId, String sequenceNumber) {
        mapping(mapping, streamArn).with("shards").put(shardId, sequenceNumber);
        save();
    }

    synchronized void finish(String mapping, String streamArn, String shardId) {
        mapping(mapping, streamArn).withArray("finished").add(shardId);
        save();
    }

    /** A mapping's state; reset when the table (and so its stream) was created anew. */
    private ObjectNode mapping(String mapping, String streamArn) {
        ObjectNode node = state.with(mapping);
        if (!streamArn.equals(node.path("streamArn").asText())) {
            node.removeAll();
            node.put("streamArn", streamArn);
        }
        return node;
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        try {
            Path tmp = file.get().resolveSibling(file.get().getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
            Files.move(tmp, file.get(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write stream checkpoints " + file.get(), e);
        }
    }
}
