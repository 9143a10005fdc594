package io.mqlengine.emulator.dynamodb.table;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.stream.Shard;
import io.mqlengine.emulator.dynamodb.stream.StreamRecord;
import io.mqlengine.emulator.dynamodb.stream.TableStream;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The emulator's state: tables by name, streams by ARN, the last stream sequence number. Readers take
 * the read lock, writers the write lock; every change goes through {@link #write} or the table methods,
 * which record it in a {@link Change} so that the journal can keep it before the client is answered.
 *
 * <p>Longer than most classes: it is the one place that takes the locks, so the lock discipline is in one file.
 */
public final class Database {
    public static final String ACCOUNT = "000000000000";
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    /** Where changes go before they are acknowledged (the journal), if anywhere. */
    public interface Journal {
        void append(Change change);
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, Table> tables = new TreeMap<>();
    private final Map<String, TableStream> streams = new LinkedHashMap<>();
    private final Clock ttlClock;
    private final Clock wallClock;
    private final String region;
    private final Map<String, Change.TokenUsed> tokens = new LinkedHashMap<>();
    private long sequence = 100_000_000_000_000_000L;
    private Journal journal = change -> { };

    private final long retentionMillis;

    public Database(Clock ttlClock, Clock wallClock, String region, long streamRetentionMillis) {
        this.ttlClock = ttlClock;
        this.wallClock = wallClock;
        this.region = region;
        this.retentionMillis = streamRetentionMillis;
    }

    /** Stream records written before this host time are past retention. */
    public long retentionCutoff() {
        return wallClock.millis() - retentionMillis;
    }

    public ReentrantReadWriteLock lock() {
        return lock;
    }

    public void journal(Journal j) {
        this.journal = j;
    }

    public Clock ttlClock() {
        return ttlClock;
    }

    public Clock wallClock() {
        return wallClock;
    }

    public String region() {
        return region;
    }

    public String tableArn(String name) {
        return "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + name;
    }

    /** The table, or ResourceNotFoundException. */
    public Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw ApiException.resourceNotFound("Requested resource not found");
        }
        return t;
    }

    public Table tableOrNull(String name) {
        return tables.get(name);
    }

    public TreeMap<String, Table> tables() {
        return tables;
    }

    public Map<String, TableStream> streams() {
        return streams;
    }

    public long sequence() {
        return sequence;
    }

    public void restoreSequence(long last) {
        sequence = Math.max(sequence, last);
    }

    /** Adds a table (and its stream, when the definition enables one). */
    public void addTable(TableDef def, Change change) {
        Table t = new Table(def);
        tables.put(def.name(), t);
        if (def.streamEnabled()) {
            openStream(t);
        }
        change.tableCreated(def);
    }

    /** Removes a table; its stream is disabled and stays readable until retention passes. */
    public Table dropTable(String name, Change change) {
        Table t = tables.remove(name);
        if (t != null && t.stream() != null) {
            t.stream().disable(sequence + 1, wallClock.millis());
        }
        change.tableDeleted(name);
        return t;
    }

    public void redefine(Table t, TableDef def, Change change) {
        t.redefine(def);
        change.tableChanged(def);
    }

    private void openStream(Table t) {
        TableDef def = t.def();
        String arn = tableArn(def.name()) + "/stream/" + def.streamLabel();
        Shard shard = new Shard("shardId-" + String.format("%020d", def.created().toEpochMilli()) + "-"
                + HexFormat.of().formatHex(md5(arn), 0, 4), sequence + 1);
        TableStream s = new TableStream(arn, def.streamLabel(), def.name(), def.key(), def.streamViewType(),
                def.created(), shard);
        t.stream(s);
        streams.put(arn, s);
    }

    /** A new stream label for a table created or streamed now. */
    public String newStreamLabel(Instant at) {
        return LABEL.format(at);
    }

    /**
     * Writes {@code item} at {@code key} (null deletes) and, when the table streams and the item really
     * changed, appends the stream record. Returns the item replaced.
     */
    public Map<String, Value> write(Table t, Map<String, Value> key, Map<String, Value> item, boolean byTtl,
                                    Change change) {
        ItemKey k = ItemKey.of(t.key(), key);
        Map<String, Value> frozen = item == null ? null : Table.frozen(item);
        Map<String, Value> old = t.write(k, frozen);
        StreamRecord record = null;
        if (t.stream() != null && !(old == null ? frozen == null : old.equals(frozen))) {
            record = new StreamRecord(++sequence, newEventId(), StreamRecord.eventName(old, frozen),
                    Instant.ofEpochSecond(wallClock.instant().getEpochSecond()), wallClock.millis(),
                    t.key().keyOf(frozen == null ? old : frozen), frozen, old, byTtl);
            t.stream().shard().append(record);
            t.stream().shard().trim(retentionCutoff());
        }
        change.itemWritten(t.def().name(), t.key().keyOf(frozen == null ? key : frozen), frozen, record);
        return old;
    }

    /** Replays a journaled write with the stream record it made then (same sequence number, id and times). */
    public void replay(Table t, Map<String, Value> key, Map<String, Value> item, StreamRecord recorded) {
        ItemKey k = ItemKey.of(t.key(), key);
        Map<String, Value> frozen = item == null ? null : Table.frozen(item);
        Map<String, Value> old = t.write(k, frozen);
        if (recorded != null && t.stream() != null) {
            t.stream().shard().append(new StreamRecord(recorded.sequence(), recorded.eventId(),
                    StreamRecord.eventName(old, frozen), recorded.created(), recorded.wallMillis(),
                    t.key().keyOf(frozen == null ? old : frozen), frozen, old, recorded.byTtl()));
            sequence = Math.max(sequence, recorded.sequence());
        }
    }

    /** Re-adds a table from the journal (opening its stream as when it was created) or a snapshot (stream restored apart). */
    public Table restoreTable(TableDef def, boolean openStream) {
        Table t = new Table(def);
        tables.put(def.name(), t);
        if (openStream && def.streamEnabled()) {
            openStream(t);
        }
        return t;
    }

    /** Re-adds a stream from a snapshot, as its table's current stream when {@code owner} is given. */
    public void restoreStream(TableStream s, Table owner) {
        streams.put(s.arn(), s);
        if (owner != null) {
            owner.stream(s);
        }
    }

    /** Transaction tokens still remembered, for snapshots. */
    public Collection<Change.TokenUsed> tokens() {
        return tokens.values();
    }

    /** Keeps the journal's promise: called with the write lock held, before the client is answered. */
    public void commit(Change change) {
        if (!change.isEmpty()) {
            journal.append(change);
        }
    }

    /** The transaction that used ClientRequestToken {@code token} in the last ten minutes, or null. */
    public Change.TokenUsed token(String token) {
        long cutoff = wallClock.millis() - 10 * 60 * 1000L;
        tokens.values().removeIf(t -> t.wallMillis() < cutoff);
        return tokens.get(token);
    }

    /** Records a transaction's token, from a request or the journal. */
    public void rememberToken(Change.TokenUsed used) {
        tokens.put(used.token(), used);
    }

    /** Drops stream records past retention, and streams of deleted tables past it; under the write lock. */
    public void trimStreams() {
        long cutoff = retentionCutoff();
        List<String> gone = new ArrayList<>();
        streams.forEach((arn, s) -> {
            s.shard().trim(cutoff);
            if (!s.enabled() && s.disabledAtWallMillis() < cutoff) {
                gone.add(arn);
            }
        });
        gone.forEach(streams::remove);
    }

    public String newEventId() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b); // an id, not a secret
        return HexFormat.of().formatHex(b);
    }

    private static byte[] md5(String s) {
        try {
            return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
