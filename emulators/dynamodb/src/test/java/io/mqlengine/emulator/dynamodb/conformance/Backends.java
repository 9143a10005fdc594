package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.emulator.dynamodb.DynamoDbEmulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Starts every backend this machine allows and records why the others are absent: ours (in-process, always),
 * dynalite (where Node and npm are), LocalStack (where a Docker engine is), real AWS (only with
 * MQL_CONFORMANCE_AWS=1, AWS_REGION and credentials). {@code -Dconformance.backends=ours,dynalite} limits the
 * set, e.g. {@code dynalite} alone to check new cases against the reference.
 */
final class Backends implements AutoCloseable {
    private static final AwsCredentialsIdentity LOCAL = AwsCredentialsIdentity.create("conformance", "conformance");

    private final List<Backend> running = new ArrayList<>();
    private final List<String> unavailable = new ArrayList<>();

    List<Backend> running() {
        return running;
    }

    /** "name: reason" for every backend not running. */
    List<String> unavailable() {
        return unavailable;
    }

    static Backends start(ObjectMapper json, Path moduleDir) {
        Set<String> wanted = Stream.of(System.getProperty("conformance.backends", "ours,dynalite,localstack,aws").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        Backends b = new Backends();
        if (want(b, wanted, Backend.OURS)) {
            b.startOurs(json);
        }
        if (want(b, wanted, Backend.DYNALITE)) {
            b.startDynalite(json, moduleDir);
        }
        if (want(b, wanted, Backend.LOCALSTACK)) {
            b.startLocalStack(json);
        }
        if (want(b, wanted, Backend.AWS)) {
            b.startAws(json);
        }
        return b;
    }

    private static boolean want(Backends b, Set<String> wanted, String name) {
        if (!wanted.contains(name)) {
            b.unavailable.add(name + ": left out by -Dconformance.backends");
            return false;
        }
        return true;
    }

    private void startOurs(ObjectMapper json) {
        try {
            // TTL deletions checked by the suite should happen within a poll, not every 2 s
            DynamoDbEmulator ddb = DynamoDbEmulator.builder().port(0).ttlInterval(Duration.ofMillis(200)).build().start();
            URI endpoint = URI.create(ddb.endpoint());
            running.add(Backend.of(Backend.OURS, new SignedClient(endpoint, endpoint, "us-east-1", LOCAL, json), false, ddb));
        } catch (Exception e) {
            throw new IllegalStateException("our emulator did not start", e);
        }
    }

    private void startDynalite(ObjectMapper json, Path moduleDir) {
        try {
            DynaliteProcess dynalite = DynaliteProcess.start(moduleDir.resolve("src/test/node"),
                    moduleDir.resolve("target/conformance-node"));
            URI endpoint = URI.create(dynalite.endpoint());
            running.add(Backend.of(Backend.DYNALITE, new SignedClient(endpoint, endpoint, "us-east-1", LOCAL, json), false, dynalite));
        } catch (DynaliteProcess.Unavailable e) {
            unavailable.add("dynalite: " + e.getMessage());
        }
    }

    private void startLocalStack(ObjectMapper json) {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            unavailable.add("localstack: no Docker engine reachable");
            return;
        }
        LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"));
        localstack.start();
        URI endpoint = localstack.getEndpoint();
        AwsCredentialsIdentity creds = AwsCredentialsIdentity.create(localstack.getAccessKey(), localstack.getSecretKey());
        running.add(Backend.of(Backend.LOCALSTACK, new SignedClient(endpoint, endpoint, localstack.getRegion(), creds, json),
                false, localstack::stop));
    }

    private void startAws(ObjectMapper json) {
        if (!"1".equals(System.getenv("MQL_CONFORMANCE_AWS"))) {
            unavailable.add("aws: MQL_CONFORMANCE_AWS is not 1");
            return;
        }
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            unavailable.add("aws: AWS_REGION is not set");
            return;
        }
        AwsCredentials creds;
        try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
            creds = provider.resolveCredentials();
        } catch (RuntimeException e) {
            unavailable.add("aws: no credentials (" + e.getMessage() + ")");
            return;
        }
        SignedClient client = new SignedClient(URI.create("https://dynamodb." + region + ".amazonaws.com"),
                URI.create("https://streams.dynamodb." + region + ".amazonaws.com"), region, creds, json);
        running.add(Backend.of(Backend.AWS, client, true, () -> { }));
    }

    /** Drops the tables left (all of them on AWS) and stops what was started. */
    @Override
    public void close() {
        for (Backend b : running) {
            try {
                b.tables().dropAll();
            } catch (RuntimeException e) {
                System.err.println("[conformance] could not drop the tables on " + b.name() + ": " + e);
            }
            try {
                b.close().close();
            } catch (Exception e) {
                System.err.println("[conformance] could not stop " + b.name() + ": " + e);
            }
        }
    }

    String describe() {
        return "running: " + running.stream().map(Backend::name).collect(Collectors.joining(", "))
                + (unavailable.isEmpty() ? "" : "; not running: " + String.join("; ", unavailable));
    }
}
