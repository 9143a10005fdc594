package io.mqlengine.local.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * With --test-hooks, {@code POST /_twin/faults}: the next {@code count} API requests (not preflights) answer
 * {@code status}, with a Retry-After header when asked, without reaching a function, as an overloaded or failing
 * deployment would; clients' retries can be tested against it. With {@code bodyContains}, only requests whose body
 * holds that text count, so a test can aim at its own client while others keep posting.
 */
final class InjectedFaults {
    private int status;
    private int remaining;
    private Integer retryAfterSeconds;
    private String bodyContains;

    synchronized void set(int status, int count, Integer retryAfterSeconds, String bodyContains) {
        this.status = status;
        this.remaining = count;
        this.retryAfterSeconds = retryAfterSeconds;
        this.bodyContains = bodyContains;
    }

    synchronized int remaining() {
        return remaining;
    }

    /** The injected answer for a request with this body, if one is still due. */
    synchronized Optional<HttpResponses.Response> next(byte[] body) {
        if (remaining == 0 || (bodyContains != null
                && !new String(body, StandardCharsets.UTF_8).contains(bodyContains))) {
            return Optional.empty();
        }
        remaining--;
        HttpResponses.Response r = HttpResponses.message(status, "injected by POST /_twin/faults");
        if (retryAfterSeconds != null) {
            List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
            headers.add(Map.entry("retry-after", retryAfterSeconds.toString()));
            r = new HttpResponses.Response(r.status(), headers, r.body());
        }
        return Optional.of(r);
    }
}
