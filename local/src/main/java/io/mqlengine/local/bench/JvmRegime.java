package io.mqlengine.local.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark JVM's collector and JIT, which move the twin's figures by a third (docs/decisions.md, "The
 * twin's JVM runs the Parallel collector and C1 only"): recorded beside the figures, and named at the start of a
 * run that does not use the README's flags.
 */
final class JvmRegime {
    /** The flags the README's benchmark and twin commands give the JVM. */
    static final String README_FLAGS = "-XX:+UseParallelGC -XX:TieredStopAtLevel=1";

    private JvmRegime() {
    }

    /** {@code jvm_garbage_collector} and {@code jvm_jit} of this JVM. */
    static Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("jvm_garbage_collector", collector(ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList()));
        f.put("jvm_jit", jit(option("TieredCompilation"), option("TieredStopAtLevel")));
        return f;
    }

    /** The collector's name from its beans' names (HotSpot's: "PS Scavenge", "G1 Young Generation", "Copy", ...). */
    static String collector(List<String> beans) {
        for (String b : beans) {
            if (b.startsWith("PS ")) {
                return "Parallel";
            }
            if (b.startsWith("G1 ")) {
                return "G1";
            }
            if (b.equals("Copy") || b.equals("MarkSweepCompact")) {
                return "Serial";
            }
            if (b.startsWith("ZGC") || b.startsWith("Shenandoah")) {
                return b.split(" ")[0];
            }
        }
        return String.join(", ", beans);
    }

    /** "C1 only", "C1 and C2" or "C2 only" from the two HotSpot options; "unknown" off HotSpot. */
    static String jit(Optional<String> tieredCompilation, Optional<String> stopAtLevel) {
        if (tieredCompilation.isEmpty() || stopAtLevel.isEmpty()) {
            return "unknown";
        }
        if (!Boolean.parseBoolean(tieredCompilation.get())) {
            return "C2 only";
        }
        int level = Integer.parseInt(stopAtLevel.get());
        return level >= 4 ? "C1 and C2" : level >= 1 ? "C1 only" : "interpreter only";
    }

    /** A line for the run's start when this JVM's figures are not comparable with the README's; empty when they are. */
    static Optional<String> note(Map<String, Object> figures) {
        if ("Parallel".equals(figures.get("jvm_garbage_collector")) && "C1 only".equals(figures.get("jvm_jit"))) {
            return Optional.empty();
        }
        return Optional.of("this JVM runs " + figures.get("jvm_garbage_collector") + " with " + figures.get("jvm_jit")
                + "; the README's figures come from `java " + README_FLAGS + " -jar ...`, and the twin's throughput "
                + "differs by up to a third between the two");
    }

    private static Optional<String> option(String name) {
        try {
            return Optional.of(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name)
                    .getValue());
        } catch (RuntimeException e) {
            // not HotSpot, or an option this VM lacks
            return Optional.empty();
        }
    }
}
