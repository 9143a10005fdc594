package io.mqlengine.local.main;

import io.mqlengine.local.bench.Bench;
import io.mqlengine.local.explain.Explain;
import io.mqlengine.local.whatif.WhatIfCommand;
import java.util.Arrays;

/**
 * The local jar's entry point: {@code explain} and {@code bench} run their commands, anything else runs the twin
 * (with {@code --demo}, the demo beside it). It sits above the twin, the demo, the benchmark and explain, so that
 * none of them needs to know the others.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("explain")) {
            System.exit(Explain.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("what-if")) {
            System.exit(WhatIfCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("bench")) {
            System.exit(Bench.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        TwinCommand.run(args);
    }
}
