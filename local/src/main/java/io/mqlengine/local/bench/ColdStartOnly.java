package io.mqlengine.local.bench;

import io.mqlengine.local.LocalTwin;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.local.TwinOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench --cold-start-only}: only the benchmark's cold-start step, on a twin of its own, printing every run
 * besides the medians. {@code --variant JAR::OPTIONS} (repeatable) adds ingest jars or JVM options to compare: every
 * subject is started once per round, in turns, so that a loaded machine's load falls on all alike.
 */
final class ColdStartOnly {
    static final String FLAG = "--cold-start-only";
    static final String USAGE = "       java -jar local/target/mql-local.jar bench " + FLAG
            + " [--runs N] [--functions-jar PATH] [--java-tool-options 'OPTIONS'] [--variant 'JAR::OPTIONS' ...]";

    private ColdStartOnly() {
    }

    static boolean asked(String[] args) {
        return Arrays.asList(args).contains(FLAG);
    }

    /** The parsed command line: runs per subject, and the jar and JVM options to start instead of the template's. */
    record Options(int runs, Path functionsJar, String javaToolOptions, List<String> variants) {
    }

    static Options parse(String[] args) {
        int runs = 5;
        Path jar = null;
        String options = null;
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case FLAG -> { }
                case "--runs" -> runs = Bench.positive(args, ++i);
                case "--functions-jar" -> jar = Path.of(Bench.value(args, ++i));
                case "--java-tool-options" -> options = Bench.value(args, ++i);
                case "--variant" -> {
                    String v = Bench.value(args, ++i);
                    if (!v.contains("::")) {
                        throw new IllegalArgumentException("--variant takes JAR::OPTIONS, was " + v);
                    }
                    variants.add(v);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " with " + FLAG);
            }
        }
        return new Options(runs, jar, options, variants);
    }

    static int run(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        try {
            Path root = Path.of("").toAbsolutePath();
            Path functionsJar = o.functionsJar() != null ? o.functionsJar() : root.resolve("functions/target/mql-functions.jar");
            Path naiveJar = root.resolve("bench-naive/target/mql-naive-ingest.jar");
            Path probeJar = root.resolve("bench-naive/target/mql-bench-naive-0.1.0-SNAPSHOT-probe.jar");
            for (Path p : List.of(root.resolve("template.yaml"), functionsJar, naiveJar, probeJar)) {
                if (!Files.exists(p)) {
                    throw new IllegalStateException(p + " is missing: run from the repository root after "
                            + "`mvn -B -DskipTests package`");
                }
            }
            try (RunningTwin twin = LocalTwin.start(TwinOptions.of(root.resolve("template.yaml")).withPort(0)
                    .withOutput(line -> { }))) {
                if (o.variants().isEmpty()) {
                    long[][] times = ColdStart.measureAll(twin, functionsJar, naiveJar, probeJar, o.runs(),
                            o.javaToolOptions());
                    print("cold_start_ms", times[0], times[1]);
                    print("cold_start_baseline_ms", times[1], times[1]);
                } else {
                    compare(twin, functionsJar, naiveJar, probeJar, o);
                }
            }
            System.out.printf("%s, %d bytes%n", functionsJar, Files.size(functionsJar));
            return 0;
        } catch (Exception e) {
            System.err.println("the cold-start measurement failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** Each subject once per round, in turns; then each one's runs, median and ratio to the baseline's median. */
    private static void compare(RunningTwin twin, Path functionsJar, Path naiveJar, Path probeJar, Options o)
            throws Exception {
        List<ColdStart.Subject> subjects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        subjects.add(new ColdStart.Subject(naiveJar, ColdStart.NAIVE, ColdStart.baselineEnvironment(twin)));
        names.add("baseline");
        subjects.add(new ColdStart.Subject(functionsJar, ColdStart.INGEST,
                ColdStart.ingestEnvironment(twin, o.javaToolOptions())));
        names.add(functionsJar + " [" + subjects.get(1).env().get("JAVA_TOOL_OPTIONS") + "]");
        for (String v : o.variants()) {
            String jar = v.substring(0, v.indexOf("::"));
            String options = v.substring(v.indexOf("::") + 2);
            subjects.add(new ColdStart.Subject(jar.isEmpty() ? functionsJar : Path.of(jar), ColdStart.INGEST,
                    ColdStart.ingestEnvironment(twin, options)));
            names.add((jar.isEmpty() ? functionsJar.toString() : jar) + " [" + options + "]");
        }
        Path body = ColdStart.requestFile(twin);
        Path probe = probeJar;
        long[][] times = new long[subjects.size()][o.runs()];
        for (int i = 0; i < o.runs(); i++) {
            for (int s = 0; s < subjects.size(); s++) {
                ColdStart.Subject subject = subjects.get(s);
                times[s][i] = ColdStart.once(subject.jar(), probe, subject.handler(), body, subject.env());
            }
        }
        for (long[] t : times) {
            Arrays.sort(t);
        }
        for (int s = 0; s < subjects.size(); s++) {
            print(names.get(s), times[s], times[0]);
        }
    }

    private static void print(String name, long[] sorted, long[] baseline) {
        long median = sorted[sorted.length / 2];
        System.out.printf("%s: median %d ms, %.2fx baseline, runs %s%n", name, median,
                (double) median / baseline[baseline.length / 2], Arrays.toString(sorted));
    }
}
