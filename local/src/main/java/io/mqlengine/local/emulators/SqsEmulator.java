package io.mqlengine.local.emulators;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.DB;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;

/**
 * ElasticMQ in-process. With a directory, queues and their messages (including receive counts and
 * in-flight state) are kept in an H2 database there — ElasticMQ's own SQL persistence — and
 * restored at start, so a restart loses no queued message. Every change is written to the database file
 * before ElasticMQ answers the request that made it (written, not fsynced: it survives the JVM being
 * killed, not the machine losing power), and the deduplication history of FIFO queues is kept there too
 * ({@link SentFifoMessages}). Queues keep SQS's strict limits ({@link SqsLimits}).
 */
public final class SqsEmulator implements AutoCloseable {
    /**
     * Pekko's settings for ElasticMQ. {@code modeled-header-parsing = off}: ElasticMQ reads only {@code X-Amz-Target},
     * {@code X-Amzn-Trace-Id} and the content type, yet Pekko parsed every header into its model class, the SigV4
     * {@code Authorization} header (new on each request, so never cached) with its parser combinators: a fifth of
     * ElasticMQ's CPU per request (docs/decisions.md). Off, headers stay raw; Pekko still parses those it needs itself.
     */
    private static final String PEKKO = """
        pekko.loglevel = WARNING
        pekko.stdout-loglevel = OFF
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.log-dead-letters = off
        pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
        pekko.http.server.parsing.modeled-header-parsing = off
        """;
    /**
     * Without persistence, ElasticMQ's actors never block: two dispatcher threads (not Pekko's default of at least
     * eight) serve it, and the process's other threads keep the cores. Measured with {@code bench}: 3.67 ms of CPU
     * per event with the defaults, 2.63 with two threads, 2.87 with one (docs/decisions.md). The SQL persistence
     * waits for each write on a dispatcher thread ({@link PersistentQueueEvents}), so it keeps Pekko's defaults.
     */
    private static final String IN_MEMORY_DISPATCHERS = """
        pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = 2
        pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = 2
        pekko.actor.internal-dispatcher.fork-join-executor.parallelism-min = 1
        pekko.actor.internal-dispatcher.fork-join-executor.parallelism-max = 1
        """;
    /** ElasticMQ opens its H2 connection pool once per JVM (a scalikejdbc singleton), so one data directory per JVM. */
    private static volatile String persistedUrl;
    private final ActorSystem system;
    private final SQSRestServer server;
    private final int port;
    private final Optional<String> jdbcUrl;

    private SqsEmulator(ActorSystem system, SQSRestServer server, int port, Optional<String> jdbcUrl) {
        this.system = system;
        this.server = server;
        this.port = port;
        this.jdbcUrl = jdbcUrl;
    }

    public static SqsEmulator start(int port, Optional<Path> directory) throws Exception {
        ClassLoader loader = SqsEmulator.class.getClassLoader();
        Config config = ConfigFactory.parseString(PEKKO + (directory.isEmpty() ? IN_MEMORY_DISPATCHERS : ""))
                .withFallback(ConfigFactory.load(loader));
        ActorSystem system = ActorSystem.create("twin-sqs", config, loader);
        Optional<String> jdbcUrl = Optional.empty();
        Optional<ActorRef> store = Optional.empty();
        Optional<SentFifoMessages> sent = Optional.empty();
        if (directory.isPresent()) {
            Files.createDirectories(directory.get());
            // WRITE_DELAY=0: each commit is written to the file before the statement returns, not up to 500 ms later.
            // RETENTION_TIME=0: the space of chunks no longer in use is reused at once; by default H2 keeps 45 s of
            // them (about 20 KB per commit) in case the disk reorders writes on a power loss, which a killed
            // process does not cause.
            jdbcUrl = Optional.of("jdbc:h2:" + directory.get().toAbsolutePath().resolve("queues")
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;RETENTION_TIME=0");
            synchronized (SqsEmulator.class) {
                if (persistedUrl != null && !persistedUrl.equals(jdbcUrl.get())) {
                    system.terminate();
                    throw new IllegalStateException("ElasticMQ keeps one SQL persistence per JVM; this JVM already uses " + persistedUrl);
                }
                persistedUrl = jdbcUrl.get();
            }
            SqlQueuePersistenceConfig persistence = new SqlQueuePersistenceConfig(true, "org.h2.Driver", jdbcUrl.get(), "sa", "", false);
            sent = Optional.of(new SentFifoMessages(new DB(persistence)));
            store = Optional.of(system.actorOf(PersistentQueueEvents.props(persistence, sent.get()), "queue-events"));
        }
        ActorRef queues = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(), SqsLimits.INSTANCE,
                scala.Option.apply(store.orElse(null))));
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withActorSystem(system).withQueueManagerActor(queues)
                .withInterface("127.0.0.1").withPort(port).withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion("us-east-1").withAWSAccountId("000000000000").withSQSLimits(SqsLimits.INSTANCE);
        if (store.isPresent()) {
            builder = builder.withQueueEventListener(store.get());
        }
        SQSRestServer server = builder.start();
        server.waitUntilStarted();
        if (store.isPresent()) {
            Object restored = Patterns.ask(store.get(), new QueueEvent.Restore(queues), Duration.ofSeconds(60))
                    .toCompletableFuture().get();
            if (!(restored instanceof scala.util.Right)) {
                throw new IllegalStateException("ElasticMQ could not restore the queues in " + directory.get() + ": " + restored);
            }
            DeduplicationRestore.run(queues, sent.get());
        }
        return new SqsEmulator(system, server, port, jdbcUrl);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The running ElasticMQ's Pekko setting for {@code key} (tests check the settings above took effect). */
    String setting(String key) {
        return system.settings().config().getString(key);
    }

    @Override
    public void close() throws Exception {
        server.stopAndWait();
        system.terminate();
        scala.concurrent.Await.result(system.whenTerminated(), scala.concurrent.duration.Duration.apply(20, "s"));
        if (jdbcUrl.isPresent()) {
            // ElasticMQ's pool keeps the database open for the JVM's life; make sure everything is on disk now.
            try (Connection c = DriverManager.getConnection(jdbcUrl.get(), "sa", ""); Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }
    }
}
