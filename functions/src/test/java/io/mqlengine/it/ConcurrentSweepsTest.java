package io.mqlengine.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.mqlengine.json.Json;
import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.service.SweepService;
import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadKey;
import io.mqlengine.store.LeadStore;
import io.mqlengine.sweep.SweepHandler;
import io.mqlengine.testing.Emulators;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two sweeps at the same instant, at once (EventBridge may deliver a scheduled event twice; a slow sweep may
 * overlap the next): both read the same due leads before either writes (held at a barrier). Each due lead is
 * changed once: one sweep's write wins, the other's meets the changed lead, re-reads it and finds nothing to do.
 */
class ConcurrentSweepsTest {
    private static final List<String> NAMES = List.of("sweep-hal", "sweep-ivy", "sweep-jon");

    private Stack stack;
    /** Sweep writes that met a lead changed by the other sweep: proof the two raced. */
    private final AtomicInteger conflicts = new AtomicInteger();

    @BeforeEach
    void createStack() {
        stack = new Stack(Emulators.get(), PipelineContract.SAMPLE_TIME, "");
    }

    @Test
    void sweeps_shouldChangeEachDueLeadOnce_whenTwoRunAtTheSameInstantAtOnce() throws Exception {
        NAMES.forEach(name -> HandRaisers.post(stack, name));
        stack.drainEvents();
        assertThat(stack.pollStream()).as("qualifications whose handoff never ran").hasSize(NAMES.size());

        stack.clock.advance(Duration.ofMinutes(16));
        Map<String, Long> before = versions();
        List<Map<String, Object>> reannounce = race();

        assertThat(total(reannounce, "reemitted")).as("qualifications re-announced").isEqualTo(NAMES.size());
        assertThat(total(reannounce, "written")).as("leads written by both sweeps").isEqualTo(NAMES.size());
        assertThat(total(reannounce, "failed")).isZero();
        assertChangedOnce(before);
        stack.drainStream();
        List<String> handoffs = stack.readAll("HandoffQueue");
        Set<String> handoffIds = new HashSet<>();
        handoffs.forEach(m -> handoffIds.add(Json.read(m).path("handoffId").asText()));
        assertThat(handoffs).as("one message per qualification").hasSize(NAMES.size());
        assertThat(handoffIds).hasSize(NAMES.size());

        stack.clock.advance(Duration.ofDays(60));
        before = versions();
        List<Map<String, Object>> recycle = race();

        assertThat(total(recycle, "recycled")).as("MQLs recycled").isEqualTo(NAMES.size());
        assertThat(total(recycle, "written")).as("leads written by both sweeps").isEqualTo(NAMES.size());
        assertThat(total(recycle, "failed")).isZero();
        assertChangedOnce(before);
        NAMES.forEach(name -> assertThat(lead(name).stage()).isEqualTo(Stage.RECYCLED));
        assertThat(conflicts.get()).as("sweep writes that lost a race, over both rounds").isPositive();
        assertThat(stack.runSweep()).as("a third sweep at the same instant").containsEntry("written", 0);
    }

    private LeadState lead(String name) {
        return stack.store.get(LeadKey.lead(PipelineContract.LEAD_IDS.forEmail(HandRaisers.email(name))));
    }

    private Map<String, Long> versions() {
        Map<String, Long> v = new HashMap<>();
        NAMES.forEach(name -> v.put(name, lead(name).version()));
        return v;
    }

    private void assertChangedOnce(Map<String, Long> before) {
        NAMES.forEach(name -> assertThat(lead(name).version()).as("%s's lead written once", name)
                .isEqualTo(before.get(name) + 1));
    }

    private static int total(List<Map<String, Object>> runs, String key) {
        return runs.stream().mapToInt(r -> ((Number) r.get(key)).intValue()).sum();
    }

    /** Runs two sweeps at the clock's instant, each holding after its first read until the other has read. */
    private List<Map<String, Object>> race() throws Exception {
        CyclicBarrier bothRead = new CyclicBarrier(2);
        SweepHandler a = sweeper(bothRead);
        SweepHandler b = sweeper(bothRead);
        ScheduledEvent event = EventLoader.loadScheduledEvent(LambdaEvents.sample("sweep/schedule.json").toString());
        CompletableFuture<Map<String, Object>> first = CompletableFuture.supplyAsync(() -> a.handleRequest(event, null));
        CompletableFuture<Map<String, Object>> second = CompletableFuture.supplyAsync(() -> b.handleRequest(event, null));
        return List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
    }

    private SweepHandler sweeper(CyclicBarrier bothRead) {
        LeadStore dynamo = new DynamoLeadStore(stack.backend.dynamo(), stack.table, Duration.ofDays(120));
        LeadStore racing = new RacingStore(dynamo, bothRead, conflicts);
        return new SweepHandler(new SweepService(racing, new LeadScorer(PipelineContract.MODEL), stack.clock), stack.clock);
    }
}
