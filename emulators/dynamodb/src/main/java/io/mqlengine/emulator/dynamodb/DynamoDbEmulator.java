package io.mqlengine.emulator.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-process DynamoDB and DynamoDB Streams emulator on a local port. The unmodified AWS SDK and CLI
 * work against {@link #endpoint()}. Tables live in memory; with a data directory every acknowledged
 * write is in its log before the answer is sent, so a killed process restarts with every table, stream
 * record and TTL setting. Expired items are deleted in the background by the {@link Clock} given.
 *
 * <pre>
 * try (DynamoDbEmulator ddb = DynamoDbEmulator.builder().port(0).build().start()) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create(ddb.endpoint()))...;
 *     ddb.faults().failNext("UpdateItem", 2, Fault.PROVISIONED_THROUGHPUT_EXCEEDED);
 * }
 * </pre>
 */
public final class DynamoDbEmulator implements AutoCloseable {
    private final Builder options;
    private final Engine engine;
    private HttpFront front;
    private ScheduledExecutorService reaper;

    private DynamoDbEmulator(Builder options) throws IOException {
        this.options = options;
        this.engine = new Engine(options.clock, options.hostClock, options.dataDir, options.streamRetention, options.region);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts serving; returns this. */
    public DynamoDbEmulator start() throws IOException {
        front = new HttpFront(options.host, options.port, options.threads, new ObjectMapper(), engine::call);
        front.start();
        if (!options.ttlInterval.isZero()) {
            reaper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dynamodb-emulator-ttl");
                t.setDaemon(true);
                return t;
            });
            long ms = options.ttlInterval.toMillis();
            reaper.scheduleWithFixedDelay(this::reapQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** {@code http://host:port}, for {@code endpointOverride}. */
    public String endpoint() {
        return "http://" + options.host + ":" + port();
    }

    public int port() {
        return front.port();
    }

    /** Fault injection for tests. */
    public Faults faults() {
        return engine.faults();
    }

    /**
     * Deletes now every item whose TTL attribute is at or before the clock, as DynamoDB's background TTL
     * process does, with REMOVE stream records from the TTL service. Returns how many were deleted.
     */
    public int reapExpired() {
        return engine.reapExpired();
    }

    private void reapQuietly() {
        try {
            engine.reapExpired();
        } catch (RuntimeException e) {
            System.err.println("[dynamodb-emulator] TTL deletion failed: " + e);
        }
    }

    /** Stops serving and closes the log; with a data directory everything acknowledged is kept. */
    @Override
    public void close() {
        if (reaper != null) {
            reaper.shutdownNow();
        }
        if (front != null) {
            front.close();
        }
        engine.close();
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private int threads = 16;
        private Optional<Path> dataDir = Optional.empty();
        private Clock clock = Clock.systemUTC();
        private Clock hostClock = Clock.systemUTC();
        private Duration ttlInterval = Duration.ofSeconds(2);
        private Duration streamRetention = Duration.ofHours(24);
        private String region = "us-east-1";

        private Builder() {
        }

        /** The interface to listen on (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Request threads (default 16). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Keep tables and streams in this directory across restarts (default: memory only). */
        public Builder dataDir(Path dir) {
            this.dataDir = Optional.ofNullable(dir);
            return this;
        }

        /**
         * The clock TTL compares expiry times with (default: system UTC). A test or a local twin with a clock
         * of its own passes it here, so that items expire in its time.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The clock of everything else: stream record times, the 24-hour stream retention, iterator expiry,
         * table creation times, transaction tokens (default: system UTC). Kept apart from {@link #clock} so that
         * a twin clock moved forward by days does not trim stream records nobody has read yet.
         */
        public Builder hostClock(Clock clock) {
            this.hostClock = clock;
            return this;
        }

        /** How often expired items are looked for; zero turns the background deletion off (default 2 s). */
        public Builder ttlInterval(Duration interval) {
            this.ttlInterval = interval;
            return this;
        }

        /** How long stream records are kept (default 24 hours, as DynamoDB Streams). */
        public Builder streamRetention(Duration retention) {
            this.streamRetention = retention;
            return this;
        }

        /** The region in ARNs (default us-east-1). */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public DynamoDbEmulator build() throws IOException {
            return new DynamoDbEmulator(this);
        }
    }
}
