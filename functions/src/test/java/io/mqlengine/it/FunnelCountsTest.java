package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.mqlengine.config.AwsClients;
import io.mqlengine.lifecycle.LifecycleHandler;
import io.mqlengine.queue.EventBusPublisher;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.LifecycleEvents;
import io.mqlengine.store.FunnelCounters;
import io.mqlengine.store.FunnelTally;
import io.mqlengine.testing.Emulators;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle function's funnel counts, on the stream records the template's filter passes: a batch the stream
 * delivers again (the bus refused its events, so the function reported a failure) counts nothing twice.
 */
class FunnelCountsTest {
    private Stack stack;
    private FunnelCounters counters;

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
        counters = new FunnelCounters(stack.backend.dynamo(), stack.table);
    }

    /** A lifecycle function whose bus is unreachable: every put fails, so every batch with events is retried. */
    private LifecycleHandler withUnreachableBus() {
        Map<String, String> env = new HashMap<>(stack.backend.awsEnvironment());
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:9");
        return new LifecycleHandler(new LifecycleEvents(ScoringModelLoader.loadDefault()),
                new EventBusPublisher(new AwsClients(env).events(), "bus"), counters, stack.clock);
    }

    private Map<String, Long> today() {
        LocalDate day = LocalDate.ofInstant(stack.clock.instant(), ZoneOffset.UTC);
        return counters.days(day, day).getOrDefault(day, Map.of());
    }

    @Test
    void handleRequest_shouldCountEachWriteOnce_whenTheStreamDeliversTheBatchAgain() {
        HandRaisers.post(stack, "ada");
        HandRaisers.post(stack, "grace");
        String identifyOnly = "{\"writeKey\":\"" + Stack.WRITE_KEY + "\",\"events\":[{\"eventId\":\"kim-identify\","
                + "\"type\":\"identify\",\"anonymousId\":\"anon-kim\",\"timestamp\":\""
                + stack.clock.instant().minusSeconds(20) + "\",\"traits\":{\"email\":\"kim@example.org\"}}]}";
        assertThat(stack.post(identifyOnly).getStatusCode()).isEqualTo(202);
        stack.drainEvents();
        List<DynamodbEvent.DynamodbStreamRecord> records = stack.pollStream("LifecycleFunction", "Announced");
        assertThat(records).as("three new leads, two of them MQLs in the same write").hasSize(3);
        DynamodbEvent batch = new DynamodbEvent();
        batch.setRecords(records);
        LifecycleHandler function = withUnreachableBus();

        StreamsEventResponse first = function.handleRequest(batch, null);
        Map<String, Long> once = today();
        StreamsEventResponse again = function.handleRequest(batch, null);

        assertThat(first.getBatchItemFailures()).as("the bus refused: the stream retries").isNotEmpty();
        assertThat(again.getBatchItemFailures()).isNotEmpty();
        assertThat(once).containsEntry(FunnelTally.LEADS, 3L).containsEntry(FunnelTally.MQLS, 2L)
                .containsEntry(FunnelTally.BY_CAUSE + "hand-raiser", 2L)
                .containsEntry(FunnelTally.BY_CAMPAIGN + FunnelTally.NO_CAMPAIGN, 2L);
        assertThat(today()).isEqualTo(once);
    }

    @Test
    void handleRequest_shouldIgnoreAnAnonymousVisitor_whenOnlyItsItemIsWritten() {
        String pageOnly = "{\"writeKey\":\"" + Stack.WRITE_KEY + "\",\"events\":[{\"eventId\":\"p1\",\"type\":\"page\","
                + "\"anonymousId\":\"anon-visitor\",\"timestamp\":\"" + stack.clock.instant().minusSeconds(20)
                + "\",\"context\":{\"page\":{\"path\":\"/pricing\"}}}]}";
        assertThat(stack.post(pageOnly).getStatusCode()).isEqualTo(202);
        stack.drainEvents();

        assertThat(stack.pollStream("LifecycleFunction", "Announced")).isEmpty();
        assertThat(today()).isEmpty();
    }
}
