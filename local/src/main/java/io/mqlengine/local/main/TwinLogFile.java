package io.mqlengine.local.main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the twin's own lines go when stdout belongs to the demo: --log FILE, or a new file for this run only. */
public final class TwinLogFile {
    private TwinLogFile() {}

    /**
     * Creates (or empties) the file asked for; without one, a new file in the temporary directory whose name carries
     * this process id, so two demos never write one log.
     */
    public static Path create(Optional<Path> requested) throws IOException {
        return create(requested, Path.of(System.getProperty("java.io.tmpdir")));
    }

    static Path create(Optional<Path> requested, Path tmp) throws IOException {
        if (requested.isPresent()) {
            Path file = requested.get().toAbsolutePath().normalize();
            Files.write(file, new byte[0]);
            return file;
        }
        return Files.createTempFile(tmp, "mql-local-twin-" + ProcessHandle.current().pid() + "-", ".log");
    }
}
