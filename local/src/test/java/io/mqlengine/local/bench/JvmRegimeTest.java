package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JvmRegimeTest {

    @Test
    void collector_shouldNameHotSpotsCollectorsFromTheirBeans() {
        assertThat(JvmRegime.collector(List.of("PS Scavenge", "PS MarkSweep"))).isEqualTo("Parallel");
        assertThat(JvmRegime.collector(List.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation")))
                .isEqualTo("G1");
        assertThat(JvmRegime.collector(List.of("Copy", "MarkSweepCompact"))).isEqualTo("Serial");
        assertThat(JvmRegime.collector(List.of("ZGC Cycles", "ZGC Pauses"))).isEqualTo("ZGC");
        assertThat(JvmRegime.collector(List.of("Epsilon Heap"))).isEqualTo("Epsilon Heap");
    }

    @Test
    void jit_shouldTellC1OnlyFromBothCompilers() {
        assertThat(JvmRegime.jit(Optional.of("true"), Optional.of("1"))).isEqualTo("C1 only");
        assertThat(JvmRegime.jit(Optional.of("true"), Optional.of("4"))).isEqualTo("C1 and C2");
        assertThat(JvmRegime.jit(Optional.of("false"), Optional.of("4"))).isEqualTo("C2 only");
        assertThat(JvmRegime.jit(Optional.of("true"), Optional.of("0"))).isEqualTo("interpreter only");
        assertThat(JvmRegime.jit(Optional.empty(), Optional.of("1"))).isEqualTo("unknown");
    }

    @Test
    void figures_shouldDescribeThisJvmAsItsFlagsSay() {
        Map<String, Object> f = JvmRegime.figures();
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String expectedJit = flags.contains("-XX:TieredStopAtLevel=1") ? "C1 only"
                : flags.contains("-XX:-TieredCompilation") ? "C2 only" : "C1 and C2";
        assertThat(f.get("jvm_jit")).isEqualTo(expectedJit);
        if (flags.contains("-XX:+UseParallelGC")) {
            assertThat(f.get("jvm_garbage_collector")).isEqualTo("Parallel");
        } else if (flags.contains("-XX:+UseSerialGC")) {
            assertThat(f.get("jvm_garbage_collector")).isEqualTo("Serial");
        } else {
            // HotSpot's own choice: G1, or Serial on a machine it does not count as a server
            assertThat(f.get("jvm_garbage_collector")).isIn("G1", "Serial");
        }
    }

    @Test
    void note_shouldNameTheReadmeFlagsOnlyWhenThisRunDiffersFromThem() {
        assertThat(JvmRegime.note(Map.of("jvm_garbage_collector", "Parallel", "jvm_jit", "C1 only"))).isEmpty();
        assertThat(JvmRegime.note(Map.of("jvm_garbage_collector", "G1", "jvm_jit", "C1 and C2")))
                .hasValueSatisfying(n -> assertThat(n).contains("G1", "C1 and C2", JvmRegime.README_FLAGS));
        assertThat(JvmRegime.note(Map.of("jvm_garbage_collector", "Parallel", "jvm_jit", "C1 and C2"))).isPresent();
    }
}
