package io.mqlengine.local.schedule;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.mqlengine.local.clock.TwinClock;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.lambda.Invocation;
import io.mqlengine.local.lambda.InvokeLog;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.Trigger;
import io.mqlengine.local.template.Intrinsics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * Fires each enabled schedule when the twin clock passes its next fire time, checking about once a
 * second and whenever the clock moves. After a jump over several periods it fires once, not once
 * per missed period, and the next fire time is the first one after the new now.
 */
public final class Scheduler implements AutoCloseable {
    private static final class Entry {
        final Trigger.Schedule trigger;
        final FunctionPool pool;
        Instant next;

        Entry(Trigger.Schedule trigger, FunctionPool pool) {
            this.trigger = trigger;
            this.pool = pool;
        }
    }

    private final List<Entry> entries;
    private final TwinClock clock;
    private final JsonLines log;
    private final ExecutorService invocations = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "schedule-invoke");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object wake = new Object();
    private volatile boolean running = true;
    private Instant anchor;
    private final Thread thread = new Thread(this::run, "twin-scheduler");

    public Scheduler(List<Trigger.Schedule> schedules, Map<String, FunctionPool> pools, TwinClock clock, JsonLines log) {
        this.entries = schedules.stream().map(s -> new Entry(s, pools.get(s.functionId()))).toList();
        this.clock = clock;
        this.log = log;
    }

    public void start() {
        anchor = clock.instant();
        entries.forEach(e -> e.next = e.trigger.expression().nextAfter(anchor, anchor));
        clock.onChange(() -> {
            synchronized (wake) {
                wake.notifyAll();
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    public boolean idle() {
        return inFlight.get() == 0;
    }

    /** Fires a schedule now, by function logical id (when it has one schedule) or FunctionId.EventName. */
    public String fireNow(String id) throws InterruptedException {
        List<Entry> matching = entries.stream().filter(e -> id.equals(e.trigger.functionId() + "." + e.trigger.eventName())
                || id.equals(e.trigger.functionId())).toList();
        if (matching.size() != 1) {
            throw new NoSuchElementException(matching.isEmpty() ? "no schedule " + id
                    : id + " has several schedules; name one as Function.Event");
        }
        return fire(matching.get(0), clock.instant());
    }

    private void run() {
        while (running) {
            Instant now = clock.instant();
            for (Entry e : entries) {
                if (e.trigger.enabled() && !now.isBefore(e.next)) {
                    Instant scheduled = e.next;
                    e.next = e.trigger.expression().nextAfter(now, anchor);
                    inFlight.incrementAndGet();
                    invocations.execute(() -> {
                        try {
                            fire(e, scheduled);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    });
                }
            }
            synchronized (wake) {
                try {
                    wake.wait(1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private String fire(Entry e, Instant scheduled) throws InterruptedException {
        ScheduledEvent event = new ScheduledEvent();
        event.setVersion("0");
        event.setId(UUID.randomUUID().toString());
        event.setDetailType("Scheduled Event");
        event.setSource("aws.events");
        event.setAccount(Intrinsics.ACCOUNT);
        event.setTime(new DateTime(scheduled.toEpochMilli(), DateTimeZone.UTC));
        event.setRegion(Intrinsics.REGION);
        event.setResources(List.of(e.trigger.ruleArn()));
        event.setDetail(new HashMap<>());
        Invocation invocation = e.pool.invoke(event);
        String outcome = invocation.failed() ? "error" : "ok";
        InvokeLog.emit(log, e.trigger.functionId(), "schedule", invocation, outcome, 1, invocation.failed() ? 1 : 0);
        return outcome;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
        invocations.shutdown();
        invocations.awaitTermination(30, TimeUnit.SECONDS);
    }
}
