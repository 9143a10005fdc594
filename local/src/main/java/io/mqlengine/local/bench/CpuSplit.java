package io.mqlengine.local.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time the benchmark's process spent over a stretch of the run, and its split by thread group (a thread's
 * name without its number: the SQS emulator's dispatcher, a function's instances, a mapping's poller, the load
 * generator's client). On a shared machine the CPU per event is steadier than the events per second: the throughput
 * the twin reaches on an idle machine is about its cores divided by it.
 */
final class CpuSplit {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startByThread = new HashMap<>();
    private final long processStart;

    private CpuSplit() {
        processStart = processCpuNanos();
        for (long id : threads.getAllThreadIds()) {
            startByThread.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
    }

    /** Starts measuring now. */
    static CpuSplit start() {
        return new CpuSplit();
    }

    /** The process's CPU milliseconds since the start. */
    long processMillis() {
        return (processCpuNanos() - processStart) / 1_000_000;
    }

    /**
     * Each thread group's share of the CPU the live threads spent since the start (threads that ended meanwhile are
     * missing from it), largest first, the groups under 1 % together as "other".
     */
    Map<String, Double> shares() {
        Map<String, Long> byGroup = new HashMap<>();
        long total = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            if (cpu < 0) {
                continue;
            }
            long spent = cpu - startByThread.getOrDefault(t.getThreadId(), 0L);
            byGroup.merge(group(t.getThreadName()), spent, Long::sum);
            total += spent;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double other = 0;
        for (Map.Entry<String, Long> e : byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList()) {
            double share = total == 0 ? 0 : (double) e.getValue() / total;
            if (share < 0.01) {
                other += share;
            } else {
                out.put(e.getKey(), Figures.round4(share));
            }
        }
        out.put("other", Figures.round4(other));
        return out;
    }

    /** A thread's group: its name without the trailing number (pool-3-thread-7 and pool-3-thread-8 are one group). */
    static String group(String name) {
        return name.replaceAll("(-thread)?[-#]?\\d+$", "").replaceAll("^pool-\\d+$", "pool");
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }
}
