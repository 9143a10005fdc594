package io.mqlengine.emulator.dynamodb;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Fault injection: the next {@code times} calls of an operation, or of any operation on a table, answer
 * a {@link Fault} instead of running. Rules are taken in the order they were added; each call uses up at
 * most one rule. A call that hits a fault changes nothing.
 */
public final class Faults {
    /** One rule: which calls it matches, how many it still takes, and what it answers. */
    private static final class Rule {
        final String operation;
        final String table;
        final Fault fault;
        int remaining;

        Rule(String operation, String table, Fault fault, int remaining) {
            this.operation = operation;
            this.table = table;
            this.fault = fault;
            this.remaining = remaining;
        }

        boolean matches(String op, List<String> tables) {
            return (operation == null || operation.equals(op)) && (table == null || tables.contains(table));
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private long injected;

    /**
     * Makes the next {@code times} calls of {@code operation} (for example {@code "UpdateItem"}; null for any)
     * that touch {@code table} (null for any) answer {@code fault}.
     */
    public synchronized Faults failNext(String operation, String table, int times, Fault fault) {
        if (times <= 0) {
            throw new IllegalArgumentException("times must be positive, was " + times);
        }
        if (operation == null && table == null) {
            throw new IllegalArgumentException("name an operation, a table, or both");
        }
        rules.add(new Rule(operation, table, fault, times));
        return this;
    }

    /** The next {@code times} calls of {@code operation}, on any table. */
    public Faults failNext(String operation, int times, Fault fault) {
        return failNext(operation, null, times, fault);
    }

    /** Removes every rule not used up yet. */
    public synchronized void clear() {
        rules.clear();
    }

    /** How many calls have been answered with a fault since start. */
    public synchronized long injected() {
        return injected;
    }

    /** Rules still waiting for calls. */
    public synchronized int pending() {
        return rules.size();
    }

    /**
     * The fault for this call, if a rule matches; uses the rule up by one. {@link Fault#UNPROCESSED} rules
     * match batch operations only.
     */
    synchronized Optional<Fault> take(String operation, List<String> tables) {
        boolean batch = operation.equals("BatchGetItem") || operation.equals("BatchWriteItem");
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (r.matches(operation, tables) && (batch || r.fault != Fault.UNPROCESSED)) {
                if (--r.remaining == 0) {
                    it.remove();
                }
                injected++;
                return Optional.of(r.fault);
            }
        }
        return Optional.empty();
    }
}
