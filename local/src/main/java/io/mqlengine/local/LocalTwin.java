package io.mqlengine.local;

import io.mqlengine.local.alarms.QueueDepthAlarms;
import io.mqlengine.local.clock.TwinClock;
import io.mqlengine.local.emulators.ArchiveStorage;
import io.mqlengine.local.emulators.AwsClients;
import io.mqlengine.local.emulators.DynamoEmulator;
import io.mqlengine.local.emulators.EventBridgeEmulator;
import io.mqlengine.local.events.EventBuses;
import io.mqlengine.local.events.EventRouter;
import io.mqlengine.local.emulators.Ports;
import io.mqlengine.local.emulators.SqsEmulator;
import io.mqlengine.local.http.HttpApiGateway;
import io.mqlengine.local.lambda.FunctionPool;
import io.mqlengine.local.lambda.HandlerFactory;
import io.mqlengine.local.lambda.SharedLibraries;
import io.mqlengine.local.log.JsonLines;
import io.mqlengine.local.model.LiveModels;
import io.mqlengine.local.model.TwinRescore;
import io.mqlengine.local.plan.FunctionPlan;
import io.mqlengine.local.plan.Planner;
import io.mqlengine.local.plan.TablePlan;
import io.mqlengine.local.plan.Trigger;
import io.mqlengine.local.plan.TwinPlan;
import io.mqlengine.local.provision.QueueProvisioner;
import io.mqlengine.local.provision.TableProvisioner;
import io.mqlengine.local.schedule.Scheduler;
import io.mqlengine.local.sqs.SqsPoller;
import io.mqlengine.local.streams.StreamCheckpoints;
import io.mqlengine.local.streams.StreamPoller;
import io.mqlengine.local.template.ParameterValues;
import io.mqlengine.local.template.PhysicalNames;
import io.mqlengine.local.template.Template;
import io.mqlengine.local.template.TemplateReader;
import io.mqlengine.local.template.TemplateRefusal;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The local twin of template.yaml: reads and checks the template, starts the DynamoDB emulator and
 * ElasticMQ in-process, creates tables and queues, loads every function, serves the HttpApi and the EventBridge
 * endpoint (PutEvents, routed by the template's rules) and the S3 endpoint of the template's buckets, and runs the SQS, DynamoDB Streams and schedule event sources. {@link #start} is the in-process API; the command line
 * ({@code io.mqlengine.local.main.Main}) sits above the twin, beside the demo, the benchmark and explain.
 */
public final class LocalTwin {
    private LocalTwin() {}

    /** Starts tried when a port the twin picked itself is taken before it binds it. */
    private static final int PICKED_PORT_ATTEMPTS = 3;

    /**
     * Starts the twin; throws {@link Ports.Unavailable} naming the flag of a busy port before anything loads, and
     * {@link TemplateRefusal} for anything the template asks that the twin cannot honour.
     */
    public static RunningTwin start(TwinOptions options) throws Exception {
        // every port first: a busy one is named with its flag before anything loads or starts
        Map<String, Integer> ports = ports(options);
        Ports.requireDistinct(ports);
        for (int attempt = 1; ; attempt++) {
            ServerSocket api = bindApi(options.port());
            try {
                return startWith(options, api);
            } catch (Ports.Unavailable taken) {
                api.close();
                // a free port the twin picked itself (flag 0) can be taken, by another program's connection, before the
                // emulator binds it: the twin starts again on newly picked ports
                if (attempt == PICKED_PORT_ATTEMPTS || taken.flag() == null
                        || ports.getOrDefault(taken.flag(), -1) != 0) {
                    throw taken;
                }
            } catch (Throwable failure) {
                api.close();
                throw failure;
            }
        }
    }

    private static Map<String, Integer> ports(TwinOptions options) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--port", options.port());
        ports.put("--sqs-port", options.sqsPort());
        ports.put("--dynamodb-port", options.dynamoPort());
        ports.put("--events-port", options.eventsPort());
        ports.put("--s3-port", options.s3Port());
        return ports;
    }

    private static ServerSocket bindApi(int port) throws IOException {
        try {
            return HttpApiGateway.bind(port);
        } catch (IOException e) {
            throw Ports.unavailable(port, "--port", e);
        }
    }

    private static RunningTwin startWith(TwinOptions options, ServerSocket api) throws Exception {
        int sqsPort = options.sqsPort() == 0 ? Ports.free() : Ports.available(options.sqsPort(), "--sqs-port");
        int dynamoPort = options.dynamoPort() == 0 ? Ports.free() : Ports.available(options.dynamoPort(), "--dynamodb-port");
        int eventsPort = options.eventsPort() == 0 ? Ports.free() : Ports.available(options.eventsPort(), "--events-port");
        int s3Port = options.s3Port() == 0 ? Ports.free() : Ports.available(options.s3Port(), "--s3-port");
        int apiPort = api.getLocalPort();
        JsonLines log = new JsonLines(options.output());
        TwinClock clock = new TwinClock();
        Optional<Path> data = options.dataDir().map(Path::toAbsolutePath);
        Template template = TemplateReader.read(options.template());
        ParameterValues parameters = ParameterValues.resolve(template, options.parameters());
        PhysicalNames.Endpoints predicted = new PhysicalNames.Endpoints("http://127.0.0.1:" + sqsPort,
                "http://127.0.0.1:" + dynamoPort, "http://127.0.0.1:" + eventsPort, "http://127.0.0.1:" + apiPort, Map.of(),
                "http://127.0.0.1:" + s3Port);
        TwinPlan first = Planner.plan(template, parameters, predicted);
        List<HandlerFactory> factories = new ArrayList<>();
        RunningTwin twin = new RunningTwin(clock, log);
        SharedLibraries libraries = new SharedLibraries(HandlerFactory.class.getClassLoader());
        try {
            for (FunctionPlan f : first.functions().values()) {
                factories.add(HandlerFactory.load(f, libraries));
            }
            data.ifPresent(dir -> SavedClock.restore(dir, clock));
            CompletableFuture<DynamoEmulator> dynamo = CompletableFuture.supplyAsync(() -> unchecked(() ->
                    DynamoEmulator.start(dynamoPort, data.map(d -> d.resolve("dynamodb")), clock)));
            CompletableFuture<SqsEmulator> sqs = CompletableFuture.supplyAsync(() -> unchecked(() ->
                    SqsEmulator.start(sqsPort, data.map(d -> d.resolve("sqs")))));
            CompletableFuture.allOf(dynamo, sqs).exceptionally(ignored -> null).join();
            twin.dynamo = dynamo.isCompletedExceptionally() ? null : dynamo.join();
            twin.sqs = sqs.isCompletedExceptionally() ? null : sqs.join();
            join(dynamo);
            join(sqs);
            twin.clients = new AwsClients(twin.dynamo.endpoint(), twin.sqs.endpoint());
            Map<String, String> streamArns = new LinkedHashMap<>();
            TableProvisioner tables = new TableProvisioner(twin.clients.dynamo());
            for (TablePlan t : first.tables().values()) {
                tables.provision(t).ifPresent(arn -> streamArns.put(t.logicalId(), arn));
            }
            new QueueProvisioner(twin.clients.sqs()).provision(first.queues().values());
            twin.s3 = ArchiveStorage.start(first.buckets(), s3Port, data, options.record());
            TwinPlan plan = Planner.plan(template, parameters, new PhysicalNames.Endpoints(predicted.sqs(), predicted.dynamodb(),
                    predicted.events(), predicted.api(), streamArns, twin.s3 == null ? null : predicted.s3()));
            twin.plan = plan;
            for (HandlerFactory factory : factories) {
                FunctionPool pool = new FunctionPool(factory, plan.functions().get(factory.plan().logicalId()), clock, log);
                twin.pools.put(factory.plan().logicalId(), pool);
            }
            factories.clear();
            EventRouter.check(plan.rules(), twin.pools);
            twin.models = LiveModels.pin(twin.pools, log);
            twin.rescore = new TwinRescore(twin.pools, twin.clients.dynamo(),
                    twin.s3 == null ? null : twin.clients.s3(twin.s3.endpoint()), clock, log);
            twin.pools.values().forEach(FunctionPool::warmUp);
            wire(twin, plan, options, data, streamArns, api, eventsPort);
            log.emit("event", "not-emulated", "features", plan.notEmulated());
            log.emit(twin.readyFields());
            return twin;
        } catch (Throwable failure) {
            twin.close();
            for (HandlerFactory factory : factories) {
                factory.close();
            }
            throw failure;
        }
    }

    private static void wire(RunningTwin twin, TwinPlan plan, TwinOptions options, Optional<Path> data,
            Map<String, String> streamArns, ServerSocket api, int eventsPort) throws IOException {
        TwinClock clock = twin.clock;
        StreamCheckpoints checkpoints = new StreamCheckpoints(data.map(d -> d.resolve("stream-checkpoints.json")));
        List<Trigger.Schedule> schedules = new ArrayList<>();
        for (Trigger trigger : plan.triggers()) {
            FunctionPool pool = twin.pools.get(trigger.functionId());
            if (trigger instanceof Trigger.Sqs s && s.enabled()) {
                twin.sqsPollers.add(new SqsPoller(s, plan.queues().get(s.queueId()), pool, twin.clients.sqs(), twin.log,
                        options.fastRetries()));
            } else if (trigger instanceof Trigger.Stream s && s.enabled()) {
                twin.streamPollers.add(new StreamPoller(s, plan.tables().get(s.tableId()), streamArns.get(s.tableId()),
                        pool.plan().arn(), pool, twin.clients.streams(), twin.clients.sqs(), s.onFailureQueueId().map(plan.queues()::get),
                        checkpoints, clock, twin.log, options.fastRetries()));
            } else if (trigger instanceof Trigger.Schedule s) {
                schedules.add(s);
            }
        }
        twin.scheduler = new Scheduler(schedules, twin.pools, clock, twin.log);
        twin.alarms = new QueueDepthAlarms(plan.alarms(), plan.queues(), twin.clients.sqs(), twin.log);
        twin.http = new HttpApiGateway(api, options.httpLimits(), plan.httpApi(), twin.pools, clock, twin.log,
                options.testHooks() ? Optional.of(twin) : Optional.empty());
        data.ifPresent(dir -> {
            clock.onChange(() -> SavedClock.save(dir, clock));
            twin.onClose = () -> SavedClock.save(dir, clock);
        });
        twin.router = new EventRouter(plan.rules(), plan.queues(), twin.pools, twin.clients.sqs(), twin.log);
        try {
            twin.events = EventBridgeEmulator.start(eventsPort, new EventBuses(plan.buses(), twin.router, clock, twin.log));
        } catch (IOException e) {
            throw Ports.unavailable(eventsPort, "--events-port", e);
        }
        twin.http.start();
        twin.sqsPollers.forEach(SqsPoller::start);
        twin.streamPollers.forEach(StreamPoller::start);
        twin.scheduler.start();
        twin.alarms.start();
    }

    private interface Start<T> {
        T get() throws Exception;
    }

    private static <T> T unchecked(Start<T> start) {
        try {
            return start.get();
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
