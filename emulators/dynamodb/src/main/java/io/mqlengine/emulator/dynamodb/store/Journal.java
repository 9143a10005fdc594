package io.mqlengine.emulator.dynamodb.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.emulator.dynamodb.stream.Shard;
import io.mqlengine.emulator.dynamodb.stream.StreamRecord;
import io.mqlengine.emulator.dynamodb.stream.TableStream;
import io.mqlengine.emulator.dynamodb.table.Change;
import io.mqlengine.emulator.dynamodb.table.Database;
import io.mqlengine.emulator.dynamodb.table.ItemKey;
import io.mqlengine.emulator.dynamodb.table.Table;
import io.mqlengine.emulator.dynamodb.table.TableDef;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * Durability for a data directory: every change is one JSON line appended to {@code journal.log}
 * before the request that made it is answered (a write() into the file, so a killed process loses
 * nothing; power loss may lose what the OS had not yet written). {@code snapshot.json} holds the whole
 * state; it is rewritten, and the journal emptied, at start, at a clean stop and when the journal passes
 * 64 MB. At start the snapshot is loaded and the journal replayed; a torn last line (the process died
 * while writing it, so it was never acknowledged) is dropped.
 */
public final class Journal {
    private static final long COMPACT_BYTES = 64L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Database db;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel log;
    private long size;

    private Journal(Path dir, Database db, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.db = db;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Loads what the directory holds into {@code db}, then journals every change {@code db} commits. */
    public static Journal open(Path dir, Database db) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the DynamoDB data directory " + dir + " is in use by another process");
        }
        Journal j = new Journal(dir, db, lockChannel, lock);
        Path snapshot = dir.resolve("snapshot.json");
        if (Files.exists(snapshot)) {
            j.load(JSON.readTree(snapshot.toFile()));
        }
        Path logFile = dir.resolve("journal.log");
        if (Files.exists(logFile)) {
            j.replay(logFile);
        }
        j.compact();
        db.journal(j::append);
        return j;
    }

    private void replay(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode entry;
                try {
                    entry = JSON.readTree(line);
                } catch (IOException torn) {
                    System.err.println("[dynamodb-emulator] dropped a torn last journal line (" + line.length() + " bytes)");
                    break;
                }
                if (entry == null || !entry.has("steps")) {
                    break;
                }
                for (JsonNode step : entry.get("steps")) {
                    apply(step);
                }
            }
        }
    }

    private void apply(JsonNode step) {
        switch (step.get("op").asText()) {
            case "createTable" -> db.restoreTable(Codec.def(step.get("def")), true);
            case "deleteTable" -> db.dropTable(step.get("name").asText(), new Change());
            case "changeTable" -> {
                Table t = db.tableOrNull(step.get("def").get("name").asText());
                if (t != null) {
                    t.redefine(Codec.def(step.get("def")));
                }
            }
            case "item" -> {
                Table t = db.tableOrNull(step.get("t").asText());
                if (t != null) {
                    StreamRecord r = step.hasNonNull("r") ? Codec.record(step.get("r")) : null;
                    db.replay(t, Codec.item(step.get("k")), Codec.item(step.get("i")), r);
                }
            }
            case "token" -> db.rememberToken(new Change.TokenUsed(step.get("token").asText(), step.get("hash").asText(),
                    step.get("wall").asLong()));
            default -> throw new IllegalStateException("unknown journal step " + step);
        }
    }

    /** Appends one change; called with the database's write lock held. */
    public void append(Change change) {
        ObjectNode entry = JSON.createObjectNode();
        ArrayNode steps = entry.putArray("steps");
        for (Change.Step s : change.steps()) {
            ObjectNode o = steps.addObject();
            if (s instanceof Change.TableCreated c) {
                o.put("op", "createTable").set("def", Codec.def(c.def()));
            } else if (s instanceof Change.TableDeleted d) {
                o.put("op", "deleteTable").put("name", d.name());
            } else if (s instanceof Change.TableChanged c) {
                o.put("op", "changeTable").set("def", Codec.def(c.def()));
            } else if (s instanceof Change.ItemWritten w) {
                o.put("op", "item").put("t", w.table());
                o.set("k", Codec.item(w.key()));
                o.set("i", Codec.item(w.item()));
                if (w.record() != null) {
                    o.set("r", Codec.record(w.record(), false));
                }
            } else if (s instanceof Change.TokenUsed t) {
                o.put("op", "token").put("token", t.token()).put("hash", t.requestHash()).put("wall", t.wallMillis());
            }
        }
        try {
            byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                log.write(buffer);
            }
            size += line.length;
            if (size > COMPACT_BYTES) {
                compact();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the DynamoDB journal in " + dir, e);
        }
    }

    /** Writes the whole state as the new snapshot and starts an empty journal. */
    private void compact() throws IOException {
        Path tmp = dir.resolve("snapshot.json.tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(JSON.writeValueAsBytes(snapshot())));
            out.force(true);
        }
        Files.move(tmp, dir.resolve("snapshot.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (log != null) {
            log.close();
        }
        log = FileChannel.open(dir.resolve("journal.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        size = 0;
    }

    private ObjectNode snapshot() {
        ObjectNode s = JSON.createObjectNode();
        s.put("version", 1);
        s.put("sequence", db.sequence());
        ArrayNode tables = s.putArray("tables");
        for (Table t : db.tables().values()) {
            ObjectNode x = tables.addObject();
            x.set("def", Codec.def(t.def()));
            ArrayNode items = x.putArray("items");
            t.items().values().forEach(i -> items.add(Codec.item(i)));
        }
        ArrayNode streams = s.putArray("streams");
        for (TableStream ts : db.streams().values()) {
            ObjectNode x = streams.addObject();
            x.put("arn", ts.arn()).put("label", ts.label()).put("table", ts.tableName()).put("view", ts.viewType());
            x.put("created", ts.created().toEpochMilli());
            x.set("key", Codec.key(ts.key()));
            x.put("enabled", ts.enabled()).put("disabledAt", ts.disabledAtWallMillis());
            Shard shard = ts.shard();
            x.put("shard", shard.id()).put("start", shard.startingSequence()).put("trimmed", shard.trimmedThrough());
            if (shard.endingSequence() != null) {
                x.put("end", shard.endingSequence());
            }
            ArrayNode records = x.putArray("records");
            shard.records().forEach(r -> records.add(Codec.record(r, true)));
        }
        ArrayNode tokens = s.putArray("tokens");
        db.tokens().forEach(t -> tokens.addObject().put("token", t.token()).put("hash", t.requestHash())
                .put("wall", t.wallMillis()));
        return s;
    }

    private void load(JsonNode s) {
        db.restoreSequence(s.get("sequence").asLong());
        for (JsonNode x : s.get("tables")) {
            TableDef def = Codec.def(x.get("def"));
            Table t = db.restoreTable(def, false);
            for (JsonNode i : x.get("items")) {
                Map<String, Value> item = Codec.item(i);
                t.write(ItemKey.of(def.key(), item), Table.frozen(item));
            }
        }
        for (JsonNode x : s.get("streams")) {
            Table owner = db.tableOrNull(x.get("table").asText());
            String arn = x.get("arn").asText();
            boolean current = owner != null
                    && arn.equals(db.tableArn(owner.def().name()) + "/stream/" + owner.def().streamLabel());
            TableStream ts = new TableStream(arn, x.get("label").asText(), x.get("table").asText(), Codec.key(x.get("key")),
                    x.get("view").asText(), Instant.ofEpochMilli(x.get("created").asLong()),
                    new Shard(x.get("shard").asText(), x.get("start").asLong()));
            x.get("records").forEach(r -> ts.shard().append(Codec.record(r)));
            ts.shard().restoreEnd(x.hasNonNull("end") ? x.get("end").asLong() : null, x.get("trimmed").asLong());
            if (!x.get("enabled").asBoolean()) {
                ts.restoreDisabled(x.get("disabledAt").asLong());
            }
            db.restoreStream(ts, current ? owner : null);
        }
        for (JsonNode t : s.get("tokens")) {
            db.rememberToken(new Change.TokenUsed(t.get("token").asText(), t.get("hash").asText(), t.get("wall").asLong()));
        }
    }

    /** Writes a final snapshot and releases the directory. */
    public void close() {
        try {
            compact();
            log.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            System.err.println("[dynamodb-emulator] could not write the final snapshot in " + dir + ": " + e);
        }
    }
}
