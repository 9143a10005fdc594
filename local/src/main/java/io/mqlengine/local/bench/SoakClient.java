package io.mqlengine.local.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts a soak request to the twin's ingest API as a tracking client does: a 429, a 5xx or a failed connection is
 * re-sent after a pause (Retry-After when given, at most {@link #MAX_PAUSE}), up to {@link #ATTEMPTS} attempts, so
 * that a request whose answer was lost is not counted as refused while its events may have been enqueued.
 */
final class SoakClient {
    static final int ATTEMPTS = 5;
    static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final SoakTally tally;

    SoakClient(URI uri, SoakTally tally) {
        this.uri = uri;
        this.tally = tally;
    }

    /** Sends {@code q} until it is answered for good; true when it was accepted (202). */
    boolean send(SoakRequest q) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(q.body())).build();
        for (int attempt = 1; ; attempt++) {
            tally.requestsSent.increment();
            String status;
            long pauseMillis = 100L * attempt;
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    tally.accepted(q);
                    return true;
                }
                status = String.valueOf(r.statusCode());
                pauseMillis = r.headers().firstValue("retry-after").map(SoakClient::seconds).orElse(pauseMillis);
                if (r.statusCode() != 429 && r.statusCode() < 500) {
                    tally.notAccepted(status);
                    tally.refusedRequests.increment();
                    return false;
                }
            } catch (IOException e) {
                status = e.getClass().getSimpleName();
            }
            tally.notAccepted(status);
            if (attempt == ATTEMPTS) {
                // a 5xx or a lost answer may come after the events were enqueued: the check cannot tell
                (status.equals("429") ? tally.refusedRequests : tally.unresolvedRequests).increment();
                return false;
            }
            tally.clientResends.increment();
            LockSupport.parkNanos(Duration.ofMillis(Math.min(pauseMillis, MAX_PAUSE.toMillis())).toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim()) * 1000;
        } catch (NumberFormatException e) {
            return MAX_PAUSE.toMillis();
        }
    }
}
