package io.mqlengine.local.model;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reloads the model when one of its files is saved ({@code --watch-model}). Editors save in bursts (truncate and
 * write, or write a temporary file and rename it over the original), so a reload runs once the files have been quiet
 * for {@link #QUIET_MILLIS}; the reload itself checks the file and refuses one with problems, as on request.
 */
public final class ModelWatch implements AutoCloseable {
    /** How long the watched files stay unchanged before a reload. */
    static final long QUIET_MILLIS = 300;

    private final WatchService watcher;
    private final Set<Path> files = new HashSet<>();
    private final Runnable reload;
    private final Thread thread;

    private ModelWatch(List<Path> models, Runnable reload) throws IOException {
        this.watcher = FileSystems.getDefault().newWatchService();
        this.reload = reload;
        Set<Path> dirs = new HashSet<>();
        for (Path m : models) {
            Path file = m.toAbsolutePath().normalize();
            files.add(file);
            dirs.add(file.getParent());
        }
        for (Path dir : dirs) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        }
        thread = new Thread(this::watch, "model-watch");
        thread.setDaemon(true);
    }

    /** Watches {@code models} and runs {@code reload} after each quiet burst of saves to any of them. */
    public static ModelWatch start(List<Path> models, Runnable reload) throws IOException {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("--watch-model: no function of the template names a model in "
                    + LiveModels.VARIABLE);
        }
        ModelWatch w = new ModelWatch(models, reload);
        w.thread.start();
        return w;
    }

    private void watch() {
        try {
            while (true) {
                if (!saved(watcher.take())) {
                    continue;
                }
                // wait for the burst to end: every further save restarts the quiet period
                WatchKey next;
                while ((next = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    saved(next);
                }
                reload.run();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed with the twin
        }
    }

    /** Whether the key's events touch a watched file; resets the key either way. */
    private boolean saved(WatchKey key) {
        boolean ours = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.context() instanceof Path name && files.contains(dir.resolve(name))) {
                ours = true;
            }
        }
        key.reset();
        return ours;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
