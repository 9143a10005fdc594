package io.mqlengine.local.bench;

import java.util.List;
import java.util.Map;

/** The arithmetic of the benchmark's figures: percentiles, sums of request counts, rounding for the report. */
final class Figures {
    private Figures() {
    }

    static double sum(Map<String, Number> usage, String prefix, List<String> operations) {
        double s = 0;
        for (String op : operations) {
            s += usage.getOrDefault(prefix + op, 0).doubleValue();
        }
        return s;
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }

    static double round4(double d) {
        return Math.round(d * 10_000) / 10_000.0;
    }
}
