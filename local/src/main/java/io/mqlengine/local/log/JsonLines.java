package io.mqlengine.local.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The twin's own log: one JSON object per line with a stable {@code event} name (stdout by default). */
public final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Consumer<String> sink;

    public JsonLines(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Emits alternating keys and values, in order; null values are left out. */
    public void emit(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                fields.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
            }
        }
        emit(fields);
    }

    public void emit(Map<String, ?> fields) {
        String line = json(fields);
        synchronized (this) {
            sink.accept(line);
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + value, e);
        }
    }
}
