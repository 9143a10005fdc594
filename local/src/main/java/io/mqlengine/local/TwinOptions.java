package io.mqlengine.local;

import io.mqlengine.local.http.HttpLimits;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to run the twin: the template, the API port and the emulators' ports (0 picks a free one), parameter
 * overrides, an optional data directory, fast retries, test hooks, where the twin's JSON lines go, the HTTP
 * API's timeouts and size limits, the S3 endpoint's port, and the file that records the archived events.
 */
public record TwinOptions(Path template, int port, int sqsPort, int dynamoPort, int eventsPort, Map<String, String> parameters,
        Optional<Path> dataDir, boolean fastRetries, boolean testHooks, Consumer<String> output, HttpLimits httpLimits,
        int s3Port, Optional<Path> record) {

    public TwinOptions {
        parameters = Map.copyOf(parameters);
    }

    /** API on 8080, emulators on free ports: the in-process default. The command line defaults to 9324, 8000 and 9195. */
    public static TwinOptions of(Path template) {
        return new TwinOptions(template, 8080, 0, 0, 0, Map.of(), Optional.empty(), false, false, System.out::println,
                HttpLimits.DEFAULT, 0, Optional.empty());
    }

    public TwinOptions withTemplate(Path template) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, fastRetries, testHooks,
                output, httpLimits, s3Port, record);
    }

    public TwinOptions withPort(int port) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, fastRetries, testHooks,
                output, httpLimits, s3Port, record);
    }

    public TwinOptions withSqsPort(int sqsPort) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, fastRetries, testHooks,
                output, httpLimits, s3Port, record);
    }

    public TwinOptions withDynamoPort(int dynamoPort) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, fastRetries, testHooks,
                output, httpLimits, s3Port, record);
    }

    public TwinOptions withEventsPort(int eventsPort) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, fastRetries, testHooks,
                output, httpLimits, s3Port, record);
    }

    public TwinOptions withParameter(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(parameters);
        more.put(name, value);
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, more, dataDir, fastRetries, testHooks,
                output, httpLimits, s3Port, record);
    }

    public TwinOptions withDataDir(Path dir) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, Optional.of(dir), fastRetries, testHooks,
                output, httpLimits, s3Port, record);
    }

    public TwinOptions withFastRetries(boolean on) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, on, testHooks, output, httpLimits, s3Port, record);
    }

    public TwinOptions withTestHooks(boolean on) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, fastRetries, on,
                output, httpLimits, s3Port, record);
    }

    public TwinOptions withOutput(Consumer<String> output) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, fastRetries, testHooks,
                output, httpLimits, s3Port, record);
    }

    public TwinOptions withHttpLimits(HttpLimits limits) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, fastRetries, testHooks, output,
                limits, s3Port, record);
    }

    public TwinOptions withS3Port(int s3Port) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, fastRetries, testHooks,
                output, httpLimits, s3Port, record);
    }

    /** Appends every archived object (one gzip member per score batch) to {@code file}. */
    public TwinOptions withRecord(Path file) {
        return new TwinOptions(template, port, sqsPort, dynamoPort, eventsPort, parameters, dataDir, fastRetries, testHooks,
                output, httpLimits, s3Port, Optional.of(file));
    }
}
