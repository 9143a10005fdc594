package io.mqlengine.local.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Posts the soak's traffic for a given time: ordinary requests at a capped rate from {@link #SENDERS} clients (none
 * generated while they are behind, so the machine keeps up), a burst every {@link #BURST_EVERY} on
 * {@link SoakTraffic#BURST_CLIENTS} clients of its own, re-sends of accepted requests at their delays (those due
 * after the posting ends are never sent), and duplicated requests sent twice at once.
 */
final class SoakLoad {
    static final int SENDERS = 8;
    static final int MAX_BACKLOG = 64;
    static final Duration FIRST_BURST = Duration.ofSeconds(5);
    static final Duration BURST_EVERY = Duration.ofSeconds(30);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final SoakTraffic traffic;
    private final SoakClient client;
    private final SoakTally tally;
    private final double rate;
    private final LongSupplier queueDepth;
    private final Consumer<String> progress;
    private final ThreadPoolExecutor senders = new ThreadPoolExecutor(SENDERS, SENDERS, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>());
    private final ExecutorService copies = Executors.newFixedThreadPool(SENDERS);
    private final ExecutorService burstClients = Executors.newFixedThreadPool(SoakTraffic.BURST_CLIENTS);
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private volatile long endNanos;

    /** {@code rate} ordinary requests per second; {@code queueDepth} and {@code progress} for the progress lines. */
    SoakLoad(SoakTraffic traffic, SoakClient client, SoakTally tally, double rate, LongSupplier queueDepth,
             Consumer<String> progress) {
        this.traffic = traffic;
        this.client = client;
        this.tally = tally;
        this.rate = rate;
        this.queueDepth = queueDepth;
        this.progress = progress;
    }

    /** Posts for {@code posting}, then waits for the requests under way; retries not yet due are dropped. */
    void run(Duration posting) throws InterruptedException {
        long start = System.nanoTime();
        endNanos = start + posting.toNanos();
        long interval = (long) (1_000_000_000L / rate);
        long nextRequest = start;
        long nextBurst = start + FIRST_BURST.toNanos();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        List<Future<?>> burst = List.of();
        boolean spent = false;
        try {
            for (long now = System.nanoTime(); now < endNanos; now = System.nanoTime()) {
                if (now >= nextBurst) {
                    if (burst.stream().allMatch(Future::isDone)) {
                        burst = burst(traffic.burst());
                    }
                    nextBurst += BURST_EVERY.toNanos();
                }
                if (now >= nextRequest) {
                    if (!spent && senders.getQueue().size() < MAX_BACKLOG) {
                        SoakRequest q = traffic.next();
                        spent = q == null;
                        if (q != null) {
                            senders.execute(() -> deliver(q, false));
                        }
                    }
                    nextRequest = Math.max(nextRequest + interval, now - 1_000_000_000L);
                }
                if (now >= nextProgress) {
                    progress.accept(String.format("posting: %d requests sent, %d events accepted (%d unique), %d bursts, "
                                    + "%d retries, %d duplicates, not accepted %s, events queue %d",
                            tally.requestsSent.sum(), tally.acceptedEvents.sum(), tally.uniqueEvents().size(),
                            tally.bursts.sum(), tally.retriesSent.sum(), tally.duplicatesSent.sum(),
                            tally.notAcceptedByStatus(), queueDepth.getAsLong()));
                    nextProgress += PROGRESS_EVERY.toNanos();
                }
                long wake = Math.min(Math.min(nextRequest, nextBurst), Math.min(nextProgress, endNanos));
                LockSupport.parkNanos(Math.max(0, wake - System.nanoTime()));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            retries.shutdownNow();
            for (Future<?> f : burst) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a burst client failed", e.getCause());
        } finally {
            retries.shutdownNow();
            senders.shutdown();
            burstClients.shutdown();
            senders.awaitTermination(5, TimeUnit.MINUTES);
            burstClients.awaitTermination(5, TimeUnit.MINUTES);
            copies.shutdown();
            copies.awaitTermination(1, TimeUnit.MINUTES);
            senders.shutdownNow();
            burstClients.shutdownNow();
        }
    }

    /** One burst: its requests in lanes of {@link SoakTraffic#BURST_REQUESTS_PER_CLIENT}, one client each, all at once. */
    private List<Future<?>> burst(List<SoakRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        tally.bursts.increment();
        List<Future<?>> lanes = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += SoakTraffic.BURST_REQUESTS_PER_CLIENT) {
            List<SoakRequest> lane = requests.subList(from, Math.min(requests.size(), from + SoakTraffic.BURST_REQUESTS_PER_CLIENT));
            lanes.add(burstClients.submit(() -> lane.forEach(q -> {
                tally.burstRequests.increment();
                deliver(q, false);
            })));
        }
        return lanes;
    }

    /** Sends {@code q} (twice at once when duplicated) and, once accepted, schedules its re-send. */
    private void deliver(SoakRequest q, boolean retry) {
        try {
            boolean accepted;
            if (q.duplicated() && !retry) {
                tally.duplicatesSent.increment();
                Future<Boolean> other = copies.submit(() -> client.send(q));
                accepted = client.send(q);
                accepted |= other.get();
            } else {
                accepted = client.send(q);
            }
            if (accepted && !retry && q.retryAfter() != null
                    && System.nanoTime() + q.retryAfter().toNanos() < endNanos) {
                retries.schedule(() -> senders.execute(() -> {
                    tally.retriesSent.increment();
                    deliver(q, true);
                }), q.retryAfter().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            tally.notAccepted(e.getCause().getClass().getSimpleName());
        } catch (RejectedExecutionException e) {
            // the posting ended while this request was answered: its re-send is not sent
        }
    }
}
