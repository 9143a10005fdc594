package io.mqlengine.local.bench;

import io.mqlengine.local.RunningTwin;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, with a deadline, until the twin has nothing left to do: the events queues empty (visible, in flight and
 * delayed messages alike), no invocation running and the table's stream caught up, printing what it waits on.
 */
final class SoakDrain {
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(500);

    private SoakDrain() {
    }

    /** The seconds it took, or -1 when the twin was still busy at the deadline. */
    static double await(RunningTwin twin, Duration deadline, Consumer<String> progress) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        while (System.nanoTime() < end) {
            String waiting = twin.waitingOn();
            if (waiting == null && twin.awaitIdle(Duration.ofNanos(Math.max(1, end - System.nanoTime())))) {
                return (System.nanoTime() - start) / 1e9;
            }
            if (System.nanoTime() >= nextProgress) {
                progress.accept("draining: " + (waiting != null ? waiting : "the stream is catching up"));
                nextProgress += PROGRESS_EVERY.toNanos();
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return -1;
    }
}
