package io.mqlengine.local.bench;

import java.nio.file.Path;

/**
 * {@code bench}: cost, speed and scale figures in one run, printed as a table and written as JSON. Runs the
 * real template on the local twin (functions loaded from {@code functions/target/mql-functions.jar}) and
 * measures against the real-protocol emulators; the naive baselines run in the same run.
 */
public final class Bench {
    static final String USAGE = "usage: java -jar local/target/mql-local.jar bench [--events N] [--leads N] [--seed S]"
            + " [--sweep-leads N] [--warm-up N] [--quick] --out FILE.json\n" + SizesOptions.USAGE + "\n" + SoakOptions.USAGE + "\n"
            + ColdStartOnly.USAGE;

    /** Events posted before the measured load run by default ({@code --warm-up N}), and with {@code --quick}. */
    static final int WARM_UP_EVENTS = 10_000;
    static final int QUICK_WARM_UP_EVENTS = 300;

    private Bench() {
    }

    /**
     * The run's sizes. {@code warmUpEvents} are posted first, from other people, on the same twin; no figure counts
     * them (0: none).
     */
    record Options(int events, int leads, long seed, int sweepLeads, int naiveEvents, int coldStarts, boolean quick,
                   Path out, int warmUpEvents) {
    }

    public static int run(String[] args) {
        if (SoakOptions.asked(args)) {
            return SoakRun.run(args);
        }
        if (SizesOptions.asked(args)) {
            return SizesRun.run(args);
        }
        if (ColdStartOnly.asked(args)) {
            return ColdStartOnly.run(args);
        }
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        keepSendersConnected();
        return FiguresRun.run(o.out(), progress -> BenchRun.measure(o, progress), Report::print,
                "the benchmark failed") == null ? 1 : 0;
    }

    /**
     * The load's senders post through the JDK's blocking client ({@link E2eRun#post}), which keeps 5 idle connections
     * per host unless told otherwise: 16, so that each of the 8 senders keeps its own. Read once, at the JVM's first
     * kept-alive connection; an explicit {@code -Dhttp.maxConnections} wins.
     */
    static void keepSendersConnected() {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "16");
        }
    }

    static Options parse(String[] args) {
        Integer events = null;
        Integer leads = null;
        Integer sweepLeads = null;
        Integer warmUp = null;
        long seed = 42;
        boolean quick = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = positive(args, ++i);
                case "--leads" -> leads = positive(args, ++i);
                case "--sweep-leads" -> sweepLeads = positive(args, ++i);
                case "--seed" -> seed = whole(args, ++i);
                case "--warm-up" -> warmUp = nonNegative(args, ++i);
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE.json is required");
        }
        // the default size runs in under five minutes on 2 cores
        int e = events != null ? events : quick ? 600 : 20_000;
        int l = leads != null ? leads : quick ? 300 : 4_000;
        int s = sweepLeads != null ? sweepLeads : quick ? 3_000 : 100_000;
        int w = warmUp != null ? warmUp : quick ? QUICK_WARM_UP_EVENTS : WARM_UP_EVENTS;
        return new Options(e, l, seed, s, Math.min(e, quick ? 300 : 4_000), quick ? 3 : 5, quick, out, w);
    }

    static int nonNegative(String[] args, int i) {
        return atLeast(args, i, 0, "must be 0 or more");
    }

    static int positive(String[] args, int i) {
        return atLeast(args, i, 1, "must be positive");
    }

    /** The flag's value as an int; below {@code min}, refused with the flag's name and {@code refusal}. */
    private static int atLeast(String[] args, int i, int min, String refusal) {
        long n = whole(args, i);
        if (n < min) {
            throw new IllegalArgumentException(args[i - 1] + " " + refusal);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(args[i - 1] + " must be at most " + Integer.MAX_VALUE + ", got " + n);
        }
        return (int) n;
    }

    /** The flag's value as a whole number; anything else is refused naming the flag (every bench mode's options). */
    static long whole(String[] args, int i) {
        String text = value(args, i);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " takes a whole number, got " + text);
        }
    }

    static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
