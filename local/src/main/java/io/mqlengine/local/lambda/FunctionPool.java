package io.mqlengine.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.mqlengine.local.clock.TwinClock;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.plan.FunctionPlan;
import io.mqlengine.local.template.TemplateRefusal;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function's execution environments: each instance handles one invocation at a time; more are
 * created on demand up to the plan's limit (each cold start is logged). An invocation past the
 * function's Timeout fails as Lambda's does, and its instance is thrown away.
 */
public final class FunctionPool implements AutoCloseable {
    private static final class Instance {
        final RequestHandler<Object, Object> handler;
        final String id;
        final int generation;
        boolean fresh = true;

        Instance(RequestHandler<Object, Object> handler, String id, int generation) {
            this.handler = handler;
            this.id = id;
            this.generation = generation;
        }
    }

    private final HandlerFactory factory;
    private final FunctionPlan plan;
    private final TwinClock clock;
    private final JsonLines log;
    private final Deque<Instance> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore permits;
    private final AtomicInteger instances = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService threads;
    /** Variables that replace the plan's for instances created from now on (a reloaded model's file). */
    private volatile Map<String, String> overrides = Map.of();
    /** Instances of an older generation are thrown away instead of handling another invocation. */
    private volatile int generation;

    /** The plan may be a later resolution of the factory's (same code, final environment). */
    public FunctionPool(HandlerFactory factory, FunctionPlan plan, TwinClock clock, JsonLines log) {
        this.factory = factory;
        this.plan = plan;
        this.clock = clock;
        this.log = log;
        this.permits = new Semaphore(plan.maxInstances(), true);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fn-" + plan.logicalId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Creates the first instance now, so that a failing constructor refuses the template at start-up. */
    public void warmUp() {
        try {
            idle.push(create());
        } catch (Exception e) {
            throw new TemplateRefusal(plan.path("Handler"), plan.handlerClass() + "(env, clock) failed: " + e.getMessage(), e);
        }
    }

    public Invocation invoke(Object event) throws InterruptedException {
        long asked = System.nanoTime();
        permits.acquire();
        inFlight.incrementAndGet();
        long started = System.nanoTime();
        // how long the event waited for a free instance: the sign that the function's concurrency is the limit
        long waitMs = (started - asked) / 1_000_000;
        String requestId = UUID.randomUUID().toString();
        try {
            Instance instance = idle.pollFirst();
            while (instance != null && instance.generation != generation) {
                instances.decrementAndGet();
                instance = idle.pollFirst();
            }
            if (instance == null) {
                try {
                    instance = create();
                } catch (Exception e) {
                    return new Invocation(requestId, null, e, true, millisSince(started), waitMs);
                }
            }
            boolean cold = instance.fresh;
            instance.fresh = false;
            clock.markInvoked();
            // as on Lambda, the timeout counts from the handler's start, not from a cold instance's creation
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(plan.timeoutSeconds());
            TwinContext context = new TwinContext(plan, requestId, instance.id, deadline);
            Instance running = instance;
            Future<Object> result = threads.submit(() -> {
                Thread.currentThread().setContextClassLoader(factory.loader());
                return running.handler.handleRequest(event, context);
            });
            try {
                Object response = result.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                release(instance);
                return new Invocation(requestId, response, null, cold, millisSince(started), waitMs);
            } catch (ExecutionException e) {
                release(instance);
                return new Invocation(requestId, null, e.getCause(), cold, millisSince(started), waitMs);
            } catch (TimeoutException e) {
                result.cancel(true);
                instances.decrementAndGet();
                return new Invocation(requestId, null, new TimeoutException("Task timed out after " + plan.timeoutSeconds()
                        + ".00 seconds"), cold, millisSince(started), waitMs);
            }
        } finally {
            inFlight.decrementAndGet();
            permits.release();
        }
    }

    /** An instance back from an invocation: idle again, or gone when the pool was renewed meanwhile. */
    private void release(Instance instance) {
        if (instance.generation == generation) {
            idle.push(instance);
        } else {
            instances.decrementAndGet();
        }
    }

    /**
     * From now on, invocations run in new instances created with {@code variables} over the plan's environment;
     * instances running now finish their invocation and are thrown away. As after a Lambda configuration update,
     * the next invocations start cold, and nothing is cancelled.
     */
    public synchronized void renew(Map<String, String> variables) {
        overrides = Map.copyOf(variables);
        generation++;
        for (Instance old = idle.pollFirst(); old != null; old = idle.pollFirst()) {
            instances.decrementAndGet();
        }
    }

    /** The environment new instances get: the plan's, with the renewed variables over it. */
    public Map<String, String> environment() {
        if (overrides.isEmpty()) {
            return plan.environment();
        }
        Map<String, String> env = new LinkedHashMap<>(plan.environment());
        env.putAll(overrides);
        return Collections.unmodifiableMap(env);
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** The input type the handler declares. */
    public Class<?> inputType() {
        return factory.inputType();
    }

    /** The class loader the function's code runs in. */
    public ClassLoader loader() {
        return factory.loader();
    }

    public FunctionPlan plan() {
        return plan;
    }

    /** Waits for in-flight invocations to end (used at shutdown). */
    public void drain(long timeoutMillis) throws InterruptedException {
        if (permits.tryAcquire(plan.maxInstances(), timeoutMillis, TimeUnit.MILLISECONDS)) {
            permits.release(plan.maxInstances());
        }
    }

    private Instance create() throws Exception {
        long started = System.nanoTime();
        int born = generation;
        RequestHandler<Object, Object> handler = factory.newInstance(environment(), clock);
        int count = instances.incrementAndGet();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        log.emit("event", "cold-start", "function", plan.logicalId(), "initMs", millisSince(started), "instances", count);
        return new Instance(handler, id, born);
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Override
    public void close() throws Exception {
        threads.shutdownNow();
        factory.close();
    }
}
