package io.mqlengine.local;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Parses the command line of {@code java -jar mql-local.jar}. */
final class Cli {
  static final String USAGE = """
      usage: java -jar local/target/mql-local.jar [--template template.yaml] [--port 8080]
                 [--param Name=Value ...] [--data-dir DIR] [--fast-retries] [--test-hooks]
        --template FILE   the SAM template to run (default: template.yaml)
        --port N          the HTTP API port (default 8080; 0 picks a free port)
        --param N=V       override a template parameter (repeatable)
        --data-dir DIR    keep tables, queued messages, stream positions and the clock across restarts
        --fast-retries    make failed SQS messages visible again at once; retry stream batches without backoff
        --test-hooks      serve POST /_twin/clock, POST /_twin/schedules/{id}, GET /_twin/idle
      stdout carries only the twin's JSON lines (ready, invoke, alarm, ...); everything else goes to stderr.""";

  private Cli() {}

  static TwinOptions parse(String[] args, Consumer<String> output) {
    TwinOptions options = TwinOptions.of(Path.of("template.yaml")).withOutput(output);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--template" -> options = new TwinOptions(Path.of(value(args, ++i, arg)), options.port(), options.parameters(),
            options.dataDir(), options.fastRetries(), options.testHooks(), output);
        case "--port" -> {
          try {
            options = options.withPort(Integer.parseInt(value(args, ++i, arg)));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port takes a number");
          }
        }
        case "--param" -> {
          String pair = value(args, ++i, arg);
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--param takes Name=Value, got " + pair);
          }
          options = options.withParameter(pair.substring(0, eq), pair.substring(eq + 1));
        }
        case "--data-dir" -> options = options.withDataDir(Path.of(value(args, ++i, arg)));
        case "--fast-retries" -> options = options.withFastRetries(true);
        case "--test-hooks" -> options = options.withTestHooks(true);
        case "--help", "-h" -> throw new IllegalArgumentException("");
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    return options;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
