package io.mqlengine.emulator.dynamodb.table;

import io.mqlengine.emulator.dynamodb.stream.StreamRecord;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one request changed, in order: the unit the journal writes (one line per request, so a
 * transaction is all or nothing after a crash too).
 */
public final class Change {
    /** One step of a change. */
    public sealed interface Step permits TableCreated, TableDeleted, TableChanged, ItemWritten, TokenUsed {
    }

    public record TableCreated(TableDef def) implements Step {
    }

    public record TableDeleted(String name) implements Step {
    }

    public record TableChanged(TableDef def) implements Step {
    }

    /** An item written ({@code item} null: deleted) and the stream record it made, if any. */
    public record ItemWritten(String table, Map<String, Value> key, Map<String, Value> item, StreamRecord record)
            implements Step {
    }

    /** A transaction's ClientRequestToken, with a hash of its request and when it was used. */
    public record TokenUsed(String token, String requestHash, long wallMillis) implements Step {
    }

    private final List<Step> steps = new ArrayList<>();

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    public List<Step> steps() {
        return steps;
    }

    void tableCreated(TableDef def) {
        steps.add(new TableCreated(def));
    }

    void tableDeleted(String name) {
        steps.add(new TableDeleted(name));
    }

    void tableChanged(TableDef def) {
        steps.add(new TableChanged(def));
    }

    void itemWritten(String table, Map<String, Value> key, Map<String, Value> item, StreamRecord record) {
        steps.add(new ItemWritten(table, key, item, record));
    }

    public void tokenUsed(String token, String requestHash, long wallMillis) {
        steps.add(new TokenUsed(token, requestHash, wallMillis));
    }
}
