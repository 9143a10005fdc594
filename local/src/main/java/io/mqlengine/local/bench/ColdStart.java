package io.mqlengine.local.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold starts: a fresh JVM per run, timed from starting the process to the probe's {@code handled} line,
 * i.e. JVM start, handler construction (clients, configuration) and one tracking request handled against
 * the twin's SQS. The median of several runs.
 */
final class ColdStart {
    private ColdStart() {
    }

    /** A handler to start: its jar, class and environment. */
    record Subject(Path jar, String handler, Map<String, String> env) {
    }

    /**
     * Median milliseconds over {@code runs} fresh JVMs for each subject, started in turns (a, b, a, b, ...) so
     * that whatever else the machine does falls on both alike.
     */
    static long[] medianMillis(Subject a, Subject b, Path probe, Path body, int runs)
            throws IOException, InterruptedException {
        long[][] times = new long[2][runs];
        for (int i = 0; i < runs; i++) {
            times[0][i] = once(a.jar(), probe, a.handler(), body, a.env());
            times[1][i] = once(b.jar(), probe, b.handler(), body, b.env());
        }
        Arrays.sort(times[0]);
        Arrays.sort(times[1]);
        return new long[] {times[0][runs / 2], times[1][runs / 2]};
    }

    private static long once(Path jar, Path probe, String handler, Path body, Map<String, String> env)
            throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", jar + File.pathSeparator + probe,
                "io.mqlengine.probe.ColdStartProbe", handler, body.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process p = pb.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("handled ")) {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (!line.equals("handled 202")) {
                        throw new IllegalStateException(handler + " answered " + line + " in its cold start: " + output);
                    }
                    p.waitFor(30, TimeUnit.SECONDS);
                    return millis;
                }
                output.append(line).append('\n');
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException(handler + " exited without handling the request: " + output);
    }
}
