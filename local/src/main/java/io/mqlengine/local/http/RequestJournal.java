package io.mqlengine.local.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * With --test-hooks, the API requests the twin answered (preflights included; not /_twin/ nor its static files),
 * newest last, for {@code GET /_twin/requests}: a test counts what a client really sent, on the twin's side.
 */
final class RequestJournal {
    static final int KEPT = 500;
    /** The ingest function's own body limit: more is kept as its first bytes, with bodyTruncated. */
    static final int BODY_KEPT = 64 * 1024;
    private final Deque<Map<String, Object>> entries = new ArrayDeque<>();
    private long sequence;

    synchronized void record(ApiRequest request, String method, String path, int status) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("seq", ++sequence);
        entry.put("at", Instant.now().toString());
        entry.put("method", method);
        entry.put("path", path);
        entry.put("status", status);
        entry.put("contentType", request.header("Content-Type"));
        entry.put("origin", request.header("Origin"));
        // "no-cors" for navigator.sendBeacon with a text/plain body, "cors" for fetch
        entry.put("fetchMode", request.header("Sec-Fetch-Mode"));
        byte[] body = request.body();
        entry.put("body", new String(body, 0, Math.min(body.length, BODY_KEPT), StandardCharsets.UTF_8));
        if (body.length > BODY_KEPT) {
            entry.put("bodyTruncated", true);
        }
        entries.addLast(entry);
        while (entries.size() > KEPT) {
            entries.removeFirst();
        }
    }

    synchronized List<Map<String, Object>> entries() {
        return List.copyOf(entries);
    }

    synchronized int clear() {
        int n = entries.size();
        entries.clear();
        return n;
    }
}
