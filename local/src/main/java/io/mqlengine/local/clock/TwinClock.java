package io.mqlengine.local.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock handed to every handler, the scheduler and the DynamoDB emulator's TTL: system time plus an offset
 * that only moves forward — except that it may be set anywhere before the first invocation.
 */
public final class TwinClock extends Clock {
    private static final class State {
        final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
        final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        volatile boolean invoked;
    }

    private final State state;
    private final ZoneId zone;

    public TwinClock() {
        this(new State(), ZoneOffset.UTC);
    }

    private TwinClock(State state, ZoneId zone) {
        this.state = state;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(state.offset.get());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new TwinClock(state, zone);
    }

    public Duration offset() {
        return state.offset.get();
    }

    /** Moves the clock forward; returns the new time. */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the twin clock only moves forward; got " + by);
        }
        synchronized (state) {
            state.offset.set(state.offset.get().plus(by));
        }
        changed();
        return instant();
    }

    /** Sets the time: anywhere before the first invocation, only forward after it; returns the new time. */
    public Instant set(Instant to) {
        synchronized (state) {
            Instant now = instant();
            if (to.isBefore(now) && state.invoked) {
                throw new IllegalStateException("the twin clock only moves forward once a function ran (now " + now + ")");
            }
            state.offset.set(Duration.between(Instant.now(), to));
        }
        changed();
        return instant();
    }

    /**
     * Moves the clock forward to {@code to}, or leaves it where it is when it is already past {@code to}; returns
     * the new time. Atomic, unlike reading the time and then setting it, which races with the clock running.
     */
    public Instant forwardTo(Instant to) {
        synchronized (state) {
            Duration offset = Duration.between(Instant.now(), to);
            if (offset.compareTo(state.offset.get()) > 0) {
                state.offset.set(offset);
            }
        }
        changed();
        return instant();
    }

    /** Restores an offset saved by an earlier run (see --data-dir). */
    public void restoreOffset(Duration offset) {
        state.offset.set(offset);
    }

    public void markInvoked() {
        state.invoked = true;
    }

    /** Runs {@code listener} after every move (the scheduler and the DynamoDB emulator's TTL deletion wake up on it). */
    public void onChange(Runnable listener) {
        state.listeners.add(listener);
    }

    private void changed() {
        state.listeners.forEach(Runnable::run);
    }
}
