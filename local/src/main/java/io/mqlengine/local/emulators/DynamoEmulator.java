package io.mqlengine.local.emulators;

import io.mqlengine.emulator.dynamodb.DynamoDbEmulator;
import io.mqlengine.emulator.dynamodb.Faults;
import io.mqlengine.local.clock.TwinClock;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The DynamoDB emulator in-process: in memory, or journaled under a directory so that a killed twin
 * restarts with every acknowledged write. Items expire by the twin clock: in the background every two
 * seconds, and at once whenever the clock moves.
 */
public final class DynamoEmulator implements AutoCloseable {
    private final DynamoDbEmulator emulator;

    private DynamoEmulator(DynamoDbEmulator emulator) {
        this.emulator = emulator;
    }

    public static DynamoEmulator start(int port, Optional<Path> directory, TwinClock clock) throws Exception {
        DynamoDbEmulator emulator = DynamoDbEmulator.builder().port(port).dataDir(directory.orElse(null)).clock(clock)
                .build().start();
        clock.onChange(emulator::reapExpired);
        return new DynamoEmulator(emulator);
    }

    public String endpoint() {
        return emulator.endpoint();
    }

    /** Fault injection, for tests of the functions' retry paths. */
    public Faults faults() {
        return emulator.faults();
    }

    @Override
    public void close() {
        emulator.close();
    }
}
