package io.mqlengine.queue;

/** How many messages a queue holds, by URL: the port the console's health page reads (SQS in production). */
public interface QueueDepths {
    /** A queue's approximate counts: ready to receive, received but not deleted, and delayed. */
    record Depth(long visible, long inFlight, long delayed) {
    }

    Depth depth(String queueUrl);
}
