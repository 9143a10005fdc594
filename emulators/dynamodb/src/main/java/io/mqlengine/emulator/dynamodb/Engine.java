package io.mqlengine.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The emulator's state and operations (being written). */
final class Engine implements AutoCloseable {
    private final Faults faults = new Faults();

    Engine(Clock clock, Optional<Path> dataDir, Duration streamRetention, String region) {
    }

    Faults faults() {
        return faults;
    }

    JsonNode call(String api, String operation, JsonNode request) {
        throw new ApiException(400, ApiException.SERVICE + "UnknownOperationException", "Unknown operation: " + operation);
    }

    int reapExpired() {
        return 0;
    }

    @Override
    public void close() {
    }
}
