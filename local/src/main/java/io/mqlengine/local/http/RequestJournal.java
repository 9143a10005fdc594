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
  static final int KEPT = 1000;
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
    entry.put("body", new String(request.body(), StandardCharsets.UTF_8));
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
