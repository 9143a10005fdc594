package io.mqlengine.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.lambda.Invocation;
import io.mqlengine.local.lambda.InvokeLog;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.QueuePlan;
import io.mqlengine.local.plan.RulePlan;
import io.mqlengine.local.template.TemplateRefusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends each event put on a bus to the targets of the enabled rules whose pattern it matches: to a queue at once,
 * before PutEvents answers (so an acknowledged event is already on the queue, stored as any message is), and to a
 * function asynchronously, as EventBridge invokes Lambda. The twin does not retry a failed delivery.
 */
public final class EventRouter implements AutoCloseable {
    private final List<RulePlan> rules;
    private final Map<String, QueuePlan> queues;
    private final Map<String, FunctionPool> pools;
    private final SqsClient sqs;
    private final JsonLines log;
    private final AtomicInteger pending = new AtomicInteger();
    private final ExecutorService invocations = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "eventbridge-invoke");
        t.setDaemon(true);
        return t;
    });

    public EventRouter(List<RulePlan> rules, Map<String, QueuePlan> queues, Map<String, FunctionPool> pools, SqsClient sqs,
            JsonLines log) {
        this.rules = rules;
        this.queues = queues;
        this.pools = pools;
        this.sqs = sqs;
        this.log = log;
    }

    /** Refuses, before the twin serves, a Lambda target whose handler cannot take an EventBridge event. */
    public static void check(List<RulePlan> rules, Map<String, FunctionPool> pools) {
        for (RulePlan rule : rules) {
            for (RulePlan.Target target : rule.targets()) {
                if (target instanceof RulePlan.FunctionTarget f) {
                    FunctionPool pool = pools.get(f.functionId());
                    if (EventInputs.deliverable(pool.inputType()).isEmpty()) {
                        throw new TemplateRefusal(f.path() + ".Arn", "rule " + rule.logicalId() + " target '" + f.id() + "' invokes "
                                + f.functionId() + ", whose handler " + pool.plan().handlerClass() + " takes "
                                + pool.inputType().getSimpleName() + "; an EventBridge event reaches a Java handler as a "
                                + "Map<String, Object> or a ScheduledEvent");
                    }
                }
            }
        }
    }

    /** Delivers one accepted event; returns the logical ids of the rules it matched. */
    public List<String> route(String busName, ObjectNode envelope) {
        List<String> matched = new ArrayList<>();
        String body = envelope.toString();
        for (RulePlan rule : rules) {
            if (!rule.enabled() || !rule.busName().equals(busName) || !rule.pattern().matches(envelope)) {
                continue;
            }
            matched.add(rule.logicalId());
            for (RulePlan.Target target : rule.targets()) {
                if (target instanceof RulePlan.QueueTarget q) {
                    send(rule, q, body);
                } else if (target instanceof RulePlan.FunctionTarget f) {
                    invoke(rule, f, envelope);
                }
            }
        }
        return matched;
    }

    private void send(RulePlan rule, RulePlan.QueueTarget target, String body) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queues.get(target.queueId()).url()).messageBody(body));
        } catch (RuntimeException e) {
            log.emit("event", "eventbridge-delivery-failed", "rule", rule.logicalId(), "target", target.id(),
                    "queue", target.queueId(), "error", String.valueOf(e.getMessage()));
        }
    }

    private void invoke(RulePlan rule, RulePlan.FunctionTarget target, ObjectNode envelope) {
        FunctionPool pool = pools.get(target.functionId());
        Object input = EventInputs.forHandler(pool.inputType(), envelope);
        pending.incrementAndGet();
        invocations.execute(() -> {
            try {
                Invocation invocation = pool.invoke(input);
                InvokeLog.emit(log, target.functionId(), "eventbridge", rule.logicalId(), invocation,
                        invocation.failed() ? "error" : "ok", 1, invocation.failed() ? 1 : 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    /** Whether an asynchronous invocation is queued or running. */
    public boolean busy() {
        return pending.get() > 0;
    }

    @Override
    public void close() throws InterruptedException {
        invocations.shutdown();
        invocations.awaitTermination(30, TimeUnit.SECONDS);
    }
}
