package io.mqlengine.local.main;

import io.mqlengine.local.Cli;
import io.mqlengine.local.LocalTwin;
import io.mqlengine.local.RunningTwin;
import io.mqlengine.local.TwinOptions;
import io.mqlengine.local.demo.Demo;
import io.mqlengine.local.emulators.Ports;
import io.mqlengine.local.model.ModelWatch;
import io.mqlengine.local.template.TemplateRefusal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The twin from the command line: parses the flags, sends the twin's lines and stderr where they belong (stdout, or
 * a log file when the demo owns stdout or --log asks), starts the twin, names what stops a start, and runs the demo.
 */
final class TwinCommand {
    private TwinCommand() {}

    static void run(String[] args) throws Exception {
        PrintStream stdout = System.out;
        PrintStream[] lines = {stdout};
        Cli.Parsed parsed;
        try {
            parsed = Cli.parse(args, line -> {
                lines[0].println(line);
                lines[0].flush();
                if (lines[0] != stdout && line.startsWith("{\"ready\":true")) {
                    stdout.println(line);
                    stdout.flush();
                }
            });
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(Cli.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        TwinOptions options = parsed.options();
        // what stops the start goes where the person looks: the demo's stdout, or stderr; and into the log, if any
        PrintStream person = parsed.demo() ? stdout : System.err;
        Optional<String> problem = Cli.startProblem(options.template(), parsed.demo(), Path.of(""));
        if (problem.isPresent()) {
            person.println(problem.get());
            System.exit(2);
            return;
        }
        if (parsed.demo() || parsed.log().isPresent()) {
            // stdout belongs to the demo (or keeps only the ready line); the twin's lines and everything else go to a file
            Path logFile;
            try {
                logFile = TwinLogFile.create(parsed.log());
            } catch (IOException e) {
                person.println("cannot write the twin's log: " + e.getMessage() + " (choose another with --log FILE)");
                System.exit(2);
                return;
            }
            lines[0] = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8);
            System.setErr(lines[0]);
            if (parsed.demo()) {
                stdout.println("MQL Engine local twin, demo mode. The twin's own log: " + logFile);
            }
        }
        System.setOut(System.err); // stdout carries the twin's JSON lines only; libraries and handlers print to stderr
        RunningTwin twin;
        try {
            twin = LocalTwin.start(options);
        } catch (TemplateRefusal refusal) {
            stop(person, "refusing " + options.template() + ": " + refusal.getMessage() + codeHint(refusal, options));
            return;
        } catch (Ports.Unavailable busy) {
            stop(person, "the local twin cannot start: " + busy.getMessage());
            return;
        } catch (Exception e) {
            System.err.println("the local twin failed to start: " + e);
            e.printStackTrace();
            if (person != System.err) {
                person.println("the local twin failed to start: " + e.getMessage());
            }
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(twin::close, "twin-shutdown"));
        if (parsed.watchModel()) {
            try {
                ModelWatch.start(twin.modelFiles(), twin::reloadModel);
            } catch (IllegalArgumentException | IOException e) {
                twin.close();
                stop(person, "the local twin cannot watch its model: " + e.getMessage());
                return;
            }
        }
        if (parsed.demo()) {
            Thread demo = new Thread(() -> new Demo(twin, Cli.journeys(options.template()), stdout)
                    .run(), "demo");
            demo.setDaemon(true);
            demo.start();
        }
        twin.awaitClosed();
    }

    /** Says why the start stopped, to the person and into the log, and exits with 2: nothing to retry as is. */
    private static void stop(PrintStream person, String message) {
        System.out.flush();
        person.println(message);
        if (System.err != person) {
            System.err.println(message);
        }
        System.exit(2);
    }

    /** A missing CodeUri is resolved against the template's directory, which is not always where one looks. */
    private static String codeHint(TemplateRefusal refusal, TwinOptions options) {
        if (!refusal.path().endsWith(".Properties.CodeUri")) {
            return "";
        }
        return System.lineSeparator() + "CodeUri is resolved against the template's directory, "
                + options.template().toAbsolutePath().normalize().getParent() + "; from the repository root, "
                + "mvn -B -DskipTests package builds functions/target/mql-functions.jar.";
    }
}
