package io.mqlengine.emulator.dynamodb.conformance;

import java.time.Duration;

/**
 * One DynamoDB implementation the suite talks to, with the table bookkeeping for it.
 *
 * @param name   "ours", "dynalite", "localstack" or "aws", as case files name it in {@code skip}
 * @param remote true for real AWS: tables take seconds to create, deletions wait for the end, indexes lag
 * @param close  stops what the suite started for this backend
 */
record Backend(String name, SignedClient client, boolean remote, TableKeeper tables, AutoCloseable close) {
    static final String OURS = "ours";
    static final String DYNALITE = "dynalite";
    static final String LOCALSTACK = "localstack";
    static final String AWS = "aws";

    static Backend of(String name, SignedClient client, boolean remote, AutoCloseable close) {
        Duration deadline = remote ? Duration.ofMinutes(5) : Duration.ofSeconds(15);
        Duration pause = remote ? Duration.ofSeconds(1) : Duration.ofMillis(10);
        return new Backend(name, client, remote, new TableKeeper(name, client, remote, deadline, pause), close);
    }

    /** Answers the implementations give for the same request are compared with these; ours is the one under test. */
    boolean isReference() {
        return !name.equals(OURS);
    }
}
