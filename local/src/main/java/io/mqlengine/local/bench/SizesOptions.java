package io.mqlengine.local.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options of {@code bench --sizes E1,E2,...}: the event counts of the runs (each with a fifth as many people,
 * the default benchmark's ratio), the seed, how many leads of each sweep table are due in the first sweep, how many
 * leads each sweep table holds per event of its size, whether to run the hot profile ({@link HotProfileBench}) on the
 * largest size's twin, and the JSON file to write.
 */
record SizesOptions(List<Integer> sizes, long seed, int sweepDue, int sweepLeadsPerEvent, boolean hotProfile, Path out) {
    static final String USAGE = "usage: java -jar local/target/mql-local.jar bench --sizes E1,E2,... [--seed S]"
            + " [--sweep-due N] [--sweep-leads-per-event K] [--no-hot-profile] --out FILE.json";
    /** Events per person in every size: the default benchmark's 20,000 events from 4,000 people. */
    static final int EVENTS_PER_LEAD = 5;
    static final int DEFAULT_SWEEP_DUE = 100;
    /**
     * Sweep tables of one lead per event: 5,000, 20,000 and 80,000 leads for 5k, 20k and 80k events (1x, 4x, 16x).
     * Seeding runs at about 1,000 leads a second on 2 busy cores, so larger tables would outlast the load runs.
     */
    static final int DEFAULT_SWEEP_LEADS_PER_EVENT = 1;
    /** Below this a run has too few requests to fill a score batch: its cost per event says nothing about scale. */
    static final int MIN_EVENTS = 100;
    /** Above this one run takes longer than anyone waits for on 2 cores (about 400 events a second end to end). */
    static final int MAX_EVENTS = 1_000_000;
    static final int MAX_SIZES = 6;

    /** Whether the command line asks for the sizes run rather than the benchmark. */
    static boolean asked(String[] args) {
        return Arrays.asList(args).contains("--sizes");
    }

    static SizesOptions parse(String[] args) {
        List<Integer> sizes = null;
        long seed = 42;
        int sweepDue = DEFAULT_SWEEP_DUE;
        int perEvent = DEFAULT_SWEEP_LEADS_PER_EVENT;
        boolean hot = true;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = sizes(Bench.value(args, ++i));
                case "--seed" -> seed = whole(args, ++i, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--sweep-due" -> sweepDue = (int) whole(args, ++i, 1, 1_000_000);
                case "--sweep-leads-per-event" -> perEvent = (int) whole(args, ++i, 1, 100);
                case "--no-hot-profile" -> hot = false;
                case "--out" -> out = Path.of(Bench.value(args, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " for --sizes");
            }
        }
        if (sizes == null) {
            throw new IllegalArgumentException("--sizes E1,E2,... is required");
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE.json is required");
        }
        int smallestTable = sizes.get(0) * perEvent;
        if (sweepDue > smallestTable) {
            throw new IllegalArgumentException("--sweep-due " + sweepDue + " is more than the smallest sweep table's "
                    + smallestTable + " leads (" + sizes.get(0) + " events x --sweep-leads-per-event " + perEvent + ")");
        }
        return new SizesOptions(sizes, seed, sweepDue, perEvent, hot, out);
    }

    /** The people of the run at {@code events}. */
    static int leads(int events) {
        return Math.max(2, events / EVENTS_PER_LEAD);
    }

    private static List<Integer> sizes(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int n;
            try {
                n = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sizes takes event counts separated by commas, e.g."
                        + " 5000,20000,80000, got \"" + text + "\"");
            }
            if (n < MIN_EVENTS || n > MAX_EVENTS) {
                throw new IllegalArgumentException("--sizes: every size must be between " + MIN_EVENTS + " and "
                        + MAX_EVENTS + " events, got " + n);
            }
            if (!sizes.isEmpty() && n <= sizes.get(sizes.size() - 1)) {
                throw new IllegalArgumentException("--sizes must grow from one size to the next, got \"" + text + "\"");
            }
            sizes.add(n);
        }
        if (sizes.size() < 2 || sizes.size() > MAX_SIZES) {
            throw new IllegalArgumentException("--sizes takes 2 to " + MAX_SIZES + " sizes to compare, got "
                    + sizes.size());
        }
        return List.copyOf(sizes);
    }

    private static long whole(String[] args, int i, long min, long max) {
        long n = Bench.whole(args, i);
        if (n < min || n > max) {
            throw new IllegalArgumentException(args[i - 1] + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }
}
