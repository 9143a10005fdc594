package io.mqlengine.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to run the twin: the template, the API port (0 picks a free one), parameter overrides, an
 * optional data directory, fast retries, test hooks, and where the twin's JSON lines go.
 */
public record TwinOptions(Path template, int port, Map<String, String> parameters, Optional<Path> dataDir,
    boolean fastRetries, boolean testHooks, Consumer<String> output) {

  public TwinOptions {
    parameters = Map.copyOf(parameters);
  }

  public static TwinOptions of(Path template) {
    return new TwinOptions(template, 8080, Map.of(), Optional.empty(), false, false, System.out::println);
  }

  public TwinOptions withPort(int port) {
    return new TwinOptions(template, port, parameters, dataDir, fastRetries, testHooks, output);
  }

  public TwinOptions withParameter(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(parameters);
    more.put(name, value);
    return new TwinOptions(template, port, more, dataDir, fastRetries, testHooks, output);
  }

  public TwinOptions withDataDir(Path dir) {
    return new TwinOptions(template, port, parameters, Optional.of(dir), fastRetries, testHooks, output);
  }

  public TwinOptions withFastRetries(boolean on) {
    return new TwinOptions(template, port, parameters, dataDir, on, testHooks, output);
  }

  public TwinOptions withTestHooks(boolean on) {
    return new TwinOptions(template, port, parameters, dataDir, fastRetries, on, output);
  }

  public TwinOptions withOutput(Consumer<String> output) {
    return new TwinOptions(template, port, parameters, dataDir, fastRetries, testHooks, output);
  }
}
