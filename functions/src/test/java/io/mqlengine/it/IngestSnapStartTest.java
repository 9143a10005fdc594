package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mqlengine.ingest.IngestHandler;
import io.mqlengine.testing.Emulators;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest function's SnapStart hooks, called as the runtime calls them around a snapshot, against the emulators:
 * priming leaves nothing on the queues, and the handler still enqueues after a restore.
 */
class IngestSnapStartTest {
    private Stack stack;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), Instant.parse("2026-11-23T10:00:01Z"), "");
    }

    private APIGatewayV2HTTPResponse post(IngestHandler handler, String id, String path) {
        String at = stack.clock.instant().minusSeconds(5).toString();
        return handler.handleRequest(LambdaEvents.http("{\"writeKey\":\"" + Stack.WRITE_KEY + "\",\"events\":[{\"eventId\":\""
                + id + "\",\"type\":\"page\",\"anonymousId\":\"anon-snap\",\"timestamp\":\"" + at
                + "\",\"context\":{\"page\":{\"path\":\"" + path + "\"}}}]}", "application/json", Stack.ORIGIN), null);
    }

    @Test
    void beforeCheckpoint_shouldEnqueueNothing_whenPrimingTheSdkPath() {
        IngestHandler handler = new IngestHandler(stack.env, stack.clock);

        handler.beforeCheckpoint(null);

        assertThat(stack.eventsQueued()).isZero();
    }

    @Test
    void handleRequest_shouldEnqueueTheEvent_whenCalledAfterCheckpointAndRestore() {
        IngestHandler handler = new IngestHandler(stack.env, stack.clock);
        handler.beforeCheckpoint(null);
        handler.afterRestore(null);

        APIGatewayV2HTTPResponse r = post(handler, "snap-1", "/pricing");

        assertThat(r.getStatusCode()).as(PipelineContract.body(r)).isEqualTo(202);
        assertThat(stack.eventsQueued()).isEqualTo(1);
    }

    @Test
    void handleRequest_shouldAnswer_whenRestoredTwice() {
        IngestHandler handler = new IngestHandler(stack.env, stack.clock);
        handler.beforeCheckpoint(null);
        handler.afterRestore(null);
        post(handler, "snap-2", "/pricing");
        handler.beforeCheckpoint(null);
        handler.afterRestore(null);

        APIGatewayV2HTTPResponse r = post(handler, "snap-3", "/docs");

        assertThat(r.getStatusCode()).as(PipelineContract.body(r)).isEqualTo(202);
        assertThat(stack.eventsQueued()).isEqualTo(2);
    }
}
