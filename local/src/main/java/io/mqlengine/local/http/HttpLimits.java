package io.mqlengine.local.http;

import java.time.Duration;

/**
 * What the HTTP API accepts from a client before it stops waiting: how many connections, how long a connection may
 * sit idle between requests, how long one read may stall and one request may take to arrive (and its response to
 * leave), and how large a header section and a body may be.
 */
public record HttpLimits(int maxConnections, Duration idleTimeout, Duration readTimeout, Duration requestTimeout,
        int maxHeaders, int maxHeaderBytes, int maxBodyBytes) {

    /**
     * 1024 connections, 30 s idle, 10 s per read, 30 s per request, 200 header fields in at most 64 KiB, 10 MiB bodies
     * (API Gateway's HTTP API payload limit).
     */
    public static final HttpLimits DEFAULT = new HttpLimits(1024, Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(30), 200, 64 * 1024, 10 * 1024 * 1024);

    public HttpLimits {
        if (maxConnections < 1 || maxHeaders < 1 || maxHeaderBytes < 1024 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("HTTP limits must be positive (header section at least 1 KiB)");
        }
        for (Duration d : new Duration[] {idleTimeout, readTimeout, requestTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("HTTP timeouts must be positive, got " + d);
            }
        }
    }

    public HttpLimits withTimeouts(Duration idle, Duration read, Duration request) {
        return new HttpLimits(maxConnections, idle, read, request, maxHeaders, maxHeaderBytes, maxBodyBytes);
    }

    public HttpLimits withMaxConnections(int max) {
        return new HttpLimits(max, idleTimeout, readTimeout, requestTimeout, maxHeaders, maxHeaderBytes, maxBodyBytes);
    }
}
