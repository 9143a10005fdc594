package io.mqlengine.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to run the twin: the template, the API port and the emulators' ports (0 picks a free one), parameter
 * overrides, an optional data directory, fast retries, test hooks, and where the twin's JSON lines go.
 */
public record TwinOptions(Path template, int port, int sqsPort, int dynamoPort, Map<String, String> parameters,
    Optional<Path> dataDir, boolean fastRetries, boolean testHooks, Consumer<String> output) {

  public TwinOptions {
    parameters = Map.copyOf(parameters);
  }

  /** API on 8080, emulators on free ports: the in-process default. The command line defaults to 9324 and 8000. */
  public static TwinOptions of(Path template) {
    return new TwinOptions(template, 8080, 0, 0, Map.of(), Optional.empty(), false, false, System.out::println);
  }

  public TwinOptions withTemplate(Path template) {
    return new TwinOptions(template, port, sqsPort, dynamoPort, parameters, dataDir, fastRetries, testHooks, output);
  }

  public TwinOptions withPort(int port) {
    return new TwinOptions(template, port, sqsPort, dynamoPort, parameters, dataDir, fastRetries, testHooks, output);
  }

  public TwinOptions withSqsPort(int sqsPort) {
    return new TwinOptions(template, port, sqsPort, dynamoPort, parameters, dataDir, fastRetries, testHooks, output);
  }

  public TwinOptions withDynamoPort(int dynamoPort) {
    return new TwinOptions(template, port, sqsPort, dynamoPort, parameters, dataDir, fastRetries, testHooks, output);
  }

  public TwinOptions withParameter(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(parameters);
    more.put(name, value);
    return new TwinOptions(template, port, sqsPort, dynamoPort, more, dataDir, fastRetries, testHooks, output);
  }

  public TwinOptions withDataDir(Path dir) {
    return new TwinOptions(template, port, sqsPort, dynamoPort, parameters, Optional.of(dir), fastRetries, testHooks,
        output);
  }

  public TwinOptions withFastRetries(boolean on) {
    return new TwinOptions(template, port, sqsPort, dynamoPort, parameters, dataDir, on, testHooks, output);
  }

  public TwinOptions withTestHooks(boolean on) {
    return new TwinOptions(template, port, sqsPort, dynamoPort, parameters, dataDir, fastRetries, on, output);
  }

  public TwinOptions withOutput(Consumer<String> output) {
    return new TwinOptions(template, port, sqsPort, dynamoPort, parameters, dataDir, fastRetries, testHooks, output);
  }
}
