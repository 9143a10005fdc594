package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU split counts the JVM's JIT compiler and garbage collector threads, which the JDK's thread bean hides. */
class CpuSplitJvmThreadsTest {
    @Test
    void readsTheCompilerAndCollectorThreadsOfATaskDirectory(@TempDir Path tasks) throws Exception {
        task(tasks, "101", "C2 CompilerThre", "5000 10 2");
        task(tasks, "102", "C1 CompilerThre", "700 1 1");
        task(tasks, "103", "GC Thread#0", "300 1 1");
        task(tasks, "104", "G1 Conc#0", "40 1 1");
        task(tasks, "105", "fn-IngestFuncti", "999 1 1");
        Files.createDirectories(tasks.resolve("106"));
        Files.writeString(tasks.resolve("106/comm"), "C2 CompilerThre\n"); // ended before its schedstat was read

        Map<String, CpuSplit.JvmThread> found = CpuSplit.jvmThreads(tasks);

        assertThat(found).containsOnlyKeys("101", "102", "103", "104");
        assertThat(found.get("101")).isEqualTo(new CpuSplit.JvmThread(CpuSplit.JIT, 5000));
        assertThat(found.get("102")).isEqualTo(new CpuSplit.JvmThread(CpuSplit.JIT, 700));
        assertThat(found.get("103")).isEqualTo(new CpuSplit.JvmThread(CpuSplit.GC, 300));
        assertThat(found.get("104")).isEqualTo(new CpuSplit.JvmThread(CpuSplit.GC, 40));
    }

    @Test
    void findsNothingWithoutATaskDirectory(@TempDir Path dir) {
        assertThat(CpuSplit.jvmThreads(dir.resolve("no-such-dir"))).isEmpty();
    }

    @Test
    void thisJvmHasACompilerThreadOnLinux() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            System.out.println("skipped: CpuSplitJvmThreadsTest.thisJvmHasACompilerThreadOnLinux needs /proc/self/task (Linux)");
        }
        assumeTrue(Files.isDirectory(tasks), () -> "skipped: no /proc/self/task (Linux) here");
        assertThat(CpuSplit.jvmThreads(tasks).values()).extracting(CpuSplit.JvmThread::group).contains(CpuSplit.JIT);
    }

    private static void task(Path tasks, String id, String comm, String schedstat) throws Exception {
        Path t = Files.createDirectories(tasks.resolve(id));
        Files.writeString(t.resolve("comm"), comm + "\n");
        Files.writeString(t.resolve("schedstat"), schedstat + "\n");
    }
}
