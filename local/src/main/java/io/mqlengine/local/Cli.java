package io.mqlengine.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** Parses the command line of {@code java -jar mql-local.jar} when it runs the twin. */
public final class Cli {
    public static final String USAGE = """
        usage: java -jar local/target/mql-local.jar [--demo] [--template template.yaml] [--port 8080]
                   [--sqs-port 9324] [--dynamodb-port 8000] [--events-port 9195] [--s3-port 9196] [--param Name=Value ...]
                   [--data-dir DIR] [--record FILE] [--fast-retries] [--test-hooks] [--watch-model] [--log FILE]
               java -jar local/target/mql-local.jar explain JOURNEY.json|EVENTS.json [--model FILE]
               java -jar local/target/mql-local.jar what-if --model CANDIDATE.json --events ARCHIVE [--outcomes FILE]
                   [--live FILE] [--json]
               java -jar local/target/mql-local.jar bench [--events N] [--leads N] [--seed S] [--sweep-leads N]
                   [--warm-up N] [--quick] --out FILE.json
               java -jar local/target/mql-local.jar bench --soak MINUTES [--seed S] [--leads N] [--rate R] --out FILE.json
          --demo            replay events/journeys through the API in accelerated time, print each MQL as sales
                            would receive it, then keep running for your own events
          --template FILE   the SAM template to run (default: template.yaml)
          --port N          the HTTP API port (default 8080; 0 picks a free port)
          --sqs-port N      ElasticMQ's port, the SQS endpoint (default 9324; 0 picks a free port)
          --dynamodb-port N the DynamoDB emulator's port (default 8000; 0 picks a free port)
          --events-port N   the EventBridge endpoint's port, for PutEvents (default 9195; 0 picks a free port)
          --s3-port N       the S3 endpoint's port, for the event archive's bucket (default 9196; 0 picks a free port)
          --param N=V       override a template parameter (repeatable)
          --data-dir DIR    keep tables, queued messages, stream positions, the clock and the event archive
                            (DIR/archive/<bucket>/events/...) across restarts
          --record FILE     also append every archived score batch (a gzip member of JSON lines) to FILE, a
                            recording that what-if reads (--events FILE)
          --fast-retries    make failed SQS messages visible again at once; retry stream batches without backoff
          --test-hooks      serve POST /_twin/clock, POST /_twin/schedules/{id}, GET /_twin/idle,
                            GET|DELETE /_twin/requests (the API requests answered), POST|DELETE /_twin/faults
                            (answer the next API requests with an error), POST /_twin/model/reload (the
                            functions take up the edited scoring model; one with problems is refused; a new
                            model version re-scores the archived leads), GET /_twin/rescore (its progress)
          --watch-model     reload the scoring model whenever its file is saved (as POST /_twin/model/reload does,
                            re-scoring included; the twin's log says what changed, or why an edit was refused)
          --log FILE        write the twin's JSON lines and stderr to FILE (replaced if it exists); stdout keeps the
                            ready line
        stdout carries only the twin's JSON lines (ready, invoke, alarm, ...); everything else goes to stderr.
        With --demo, stdout carries the ready line and the demo; the twin's lines go to a log file of its own, named
        at start (or to --log FILE).
        Run it from the repository root (template.yaml, functions/target/mql-functions.jar and events/journeys are
        found from there), or give --template path/to/template.yaml.""";

    /** The twin's options, whether to run the demo, the log file asked for with --log, and --watch-model. */
    public record Parsed(TwinOptions options, boolean demo, Optional<Path> log, boolean watchModel) {
    }

    private Cli() {}

    public static Parsed parse(String[] args, Consumer<String> output) {
        TwinOptions options = TwinOptions.of(Path.of("template.yaml")).withSqsPort(9324).withDynamoPort(8000).withEventsPort(9195)
                .withS3Port(9196).withOutput(output);
        boolean demo = false;
        boolean watchModel = false;
        Optional<Path> log = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--template" -> options = options.withTemplate(Path.of(value(args, ++i, arg)));
                case "--port" -> options = options.withPort(port(args, ++i, arg));
                case "--sqs-port" -> options = options.withSqsPort(port(args, ++i, arg));
                case "--dynamodb-port" -> options = options.withDynamoPort(port(args, ++i, arg));
                case "--events-port" -> options = options.withEventsPort(port(args, ++i, arg));
                case "--s3-port" -> options = options.withS3Port(port(args, ++i, arg));
                case "--record" -> options = options.withRecord(Path.of(value(args, ++i, arg)));
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
                case "--demo" -> demo = true;
                case "--watch-model" -> watchModel = true;
                case "--log" -> log = Optional.of(Path.of(value(args, ++i, arg)));
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        return new Parsed(options, demo, log, watchModel);
    }

    /**
     * Why the twin cannot start from here, or empty: the template is missing (started outside the repository root,
     * or a wrong --template), or --demo has no journeys next to the template.
     */
    public static Optional<String> startProblem(Path template, boolean demo, Path workingDir) {
        Path absolute = workingDir.resolve(template).toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            if (template.equals(Path.of("template.yaml"))) {
                return Optional.of("template.yaml not found in the current directory, " + workingDir.toAbsolutePath().normalize()
                        + ". Start the twin from the repository root (where template.yaml is), or give --template "
                        + "path/to/template.yaml.");
            }
            return Optional.of("--template " + template + ": no such file (looked for " + absolute + " from the current "
                    + "directory, " + workingDir.toAbsolutePath().normalize() + ").");
        }
        Path journeys = journeys(absolute);
        if (demo && !Files.isDirectory(journeys)) {
            return Optional.of("--demo replays the journeys in events/journeys next to the template, and " + journeys
                    + " does not exist. Give --template the repository's template.yaml, or start from the repository root.");
        }
        return Optional.empty();
    }

    /** Where --demo finds its journeys: events/journeys next to the template. */
    public static Path journeys(Path template) {
        return template.toAbsolutePath().normalize().getParent().resolve("events").resolve("journeys");
    }

    private static int port(String[] args, int i, String flag) {
        int port = number(args, i, flag);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(flag + " takes a port from 0 to 65535 (0 picks a free one), got " + port);
        }
        return port;
    }

    private static int number(String[] args, int i, String flag) {
        try {
            return Integer.parseInt(value(args, i, flag));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a number");
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
