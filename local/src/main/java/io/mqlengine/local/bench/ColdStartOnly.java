package io.mqlengine.local.bench;

import io.mqlengine.local.LocalTwin;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.local.TwinOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench --cold-start-only}: only the benchmark's cold-start step, on a twin of its own, printing every run
 * besides the medians, so that a change to the functions jar or to the JVM options can be compared back to back
 * with the same build ({@code --functions-jar}, {@code --java-tool-options}) on a loaded machine.
 */
final class ColdStartOnly {
    static final String FLAG = "--cold-start-only";
    static final String USAGE = "       java -jar local/target/mql-local.jar bench " + FLAG
            + " [--runs N] [--functions-jar PATH] [--java-tool-options 'OPTIONS']";

    private ColdStartOnly() {
    }

    static boolean asked(String[] args) {
        return Arrays.asList(args).contains(FLAG);
    }

    /** The parsed command line: runs per subject, and the jar and JVM options to start instead of the template's. */
    record Options(int runs, Path functionsJar, String javaToolOptions) {
    }

    static Options parse(String[] args) {
        int runs = 5;
        Path jar = null;
        String options = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case FLAG -> { }
                case "--runs" -> runs = positive(args, ++i);
                case "--functions-jar" -> jar = Path.of(value(args, ++i));
                case "--java-tool-options" -> options = value(args, ++i);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " with " + FLAG);
            }
        }
        return new Options(runs, jar, options);
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
            long[][] times;
            try (RunningTwin twin = LocalTwin.start(TwinOptions.of(root.resolve("template.yaml")).withPort(0)
                    .withOutput(line -> { }))) {
                times = ColdStart.measureAll(twin, functionsJar, naiveJar, probeJar, o.runs(), o.javaToolOptions());
            }
            System.out.printf("cold_start_ms %d runs %s%n", times[0][o.runs() / 2], Arrays.toString(times[0]));
            System.out.printf("cold_start_baseline_ms %d runs %s%n", times[1][o.runs() / 2], Arrays.toString(times[1]));
            System.out.printf("ratio %.2f (%s, %d bytes)%n", (double) times[0][o.runs() / 2] / times[1][o.runs() / 2],
                    functionsJar, Files.size(functionsJar));
            return 0;
        } catch (Exception e) {
            System.err.println("the cold-start measurement failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    private static int positive(String[] args, int i) {
        int n = Integer.parseInt(value(args, i));
        if (n <= 0) {
            throw new IllegalArgumentException(args[i - 1] + " must be positive");
        }
        return n;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
