package io.mqlengine.local.bench;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The options of {@code bench --soak MINUTES}: how long to post, the seed of the traffic, the size of the population,
 * the rate of ordinary requests, and the JSON file to write.
 */
record SoakOptions(double minutes, long seed, int leads, double rate, Path out) {
    static final String USAGE = "usage: java -jar local/target/mql-local.jar bench --soak MINUTES [--seed S] [--leads N]"
            + " [--rate REQUESTS_PER_SECOND] --out FILE.json";
    /** A soak longer than a day is a mistake in the minutes, not a soak anyone waits for. */
    static final double MAX_MINUTES = 24 * 60;
    static final int DEFAULT_LEADS = 200;
    /** Ordinary requests per second (bursts come on top): what the 2-core machine scores without falling behind. */
    static final double DEFAULT_RATE = 25;

    /** Whether the command line asks for a soak rather than the benchmark. */
    static boolean asked(String[] args) {
        return Arrays.asList(args).contains("--soak");
    }

    static SoakOptions parse(String[] args) {
        Double minutes = null;
        long seed = 42;
        int leads = DEFAULT_LEADS;
        double rate = DEFAULT_RATE;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--soak" -> minutes = decimal(args, ++i, MAX_MINUTES);
                case "--seed" -> seed = Bench.whole(args, ++i);
                case "--leads" -> leads = (int) Math.min(Integer.MAX_VALUE, positive(args, ++i));
                case "--rate" -> rate = decimal(args, ++i, 10_000);
                case "--out" -> out = Path.of(Bench.value(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " for a soak");
            }
        }
        if (minutes == null) {
            throw new IllegalArgumentException("--soak MINUTES is required");
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE.json is required");
        }
        if (leads < 2) {
            throw new IllegalArgumentException("--leads must be at least 2, got " + leads);
        }
        return new SoakOptions(minutes, seed, leads, rate, out);
    }

    private static double decimal(String[] args, int i, double max) {
        String text = Bench.value(args, i);
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " takes a decimal number, e.g. 0.5, got " + text);
        }
        if (!(d > 0) || d > max) {
            throw new IllegalArgumentException(args[i - 1] + " must be above 0 and at most " + (long) max + ", got " + text);
        }
        return d;
    }

    private static long positive(String[] args, int i) {
        long n = Bench.whole(args, i);
        if (n <= 0) {
            throw new IllegalArgumentException(args[i - 1] + " must be positive, got " + n);
        }
        return n;
    }
}
