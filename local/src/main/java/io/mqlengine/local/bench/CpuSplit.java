package io.mqlengine.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time the benchmark's process spent over a stretch of the run, and its split by thread group (a thread's
 * name without its number: the SQS emulator's dispatcher, a function's instances, a mapping's poller, the load
 * generator's client). On a shared machine the CPU per event is steadier than the events per second: the throughput
 * the twin reaches on an idle machine is about its cores divided by it. The JVM's own threads, which the JDK's thread
 * bean does not list, count too where Linux's {@code /proc/self/task} shows them: the JIT compilers and the garbage
 * collector.
 */
final class CpuSplit {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startByThread = new HashMap<>();
    private final Map<String, JvmThread> startByJvmThread;
    private final long processStart;
    static final String JIT = "jvm-jit-compiler";
    static final String GC = "jvm-garbage-collector";
    private static final Path TASKS = Path.of("/proc/self/task");

    private CpuSplit() {
        processStart = processCpuNanos();
        for (long id : threads.getAllThreadIds()) {
            startByThread.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        startByJvmThread = jvmThreads(TASKS);
    }

    /** One of the JVM's own threads: its group and the CPU nanoseconds it has spent. */
    record JvmThread(String group, long cpuNanos) {
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
     * missing from it), largest first, the groups under 1 % together as "other". On Linux the JVM's JIT compiler and
     * garbage collector threads are groups of their own ({@link #JIT}, {@link #GC}).
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
        for (Map.Entry<String, JvmThread> t : jvmThreads(TASKS).entrySet()) {
            JvmThread before = startByJvmThread.get(t.getKey());
            long spent = t.getValue().cpuNanos() - (before == null ? 0 : before.cpuNanos());
            byGroup.merge(t.getValue().group(), spent, Long::sum);
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

    /**
     * The JIT compiler and garbage collector threads under {@code tasks} (Linux's {@code /proc/self/task}) by thread
     * id, with the CPU time each has spent (the first field of its {@code schedstat}, in nanoseconds); empty where
     * there is no such directory. A thread that ends while it is read is left out.
     */
    static Map<String, JvmThread> jvmThreads(Path tasks) {
        Map<String, JvmThread> out = new HashMap<>();
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                try {
                    String group = jvmGroup(Files.readString(task.resolve("comm")).trim());
                    if (group != null) {
                        String schedstat = Files.readString(task.resolve("schedstat")).trim();
                        out.put(task.getFileName().toString(),
                                new JvmThread(group, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')))));
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The group of a JVM thread by its Linux name (at most 15 characters), or null for any other thread. */
    static String jvmGroup(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return JIT;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return GC;
        }
        return null;
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
