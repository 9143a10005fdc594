package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.local.emulators.Ports;
import io.mqlengine.local.main.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer sees when the twin cannot start as asked: a busy port named with its flag before anything loads,
 * a template not found from the current directory, and a log file per demo (or the one given with --log). The
 * command line runs in a child JVM on the test class path, for its exit codes and streams.
 */
class StartUpTest {
    private static final Path HTTP_TEMPLATE = TwinLines.template("http.yaml");
    private static final Pattern LOG_LINE = Pattern.compile("The twin's own log: (\\S+)");

    @TempDir
    Path dir;

    @Test
    void start_shouldNameThePortAndPortFlagBeforeAnythingLoads_whenTheApiPortIsBusy() throws Exception {
        try (ServerSocket busy = listen()) {
            assertRefusedBeforeAnythingLoads(TwinOptions.of(HTTP_TEMPLATE).withPort(busy.getLocalPort()),
                    "port " + busy.getLocalPort() + " (--port) is in use by another program; choose another with --port N");
        }
    }

    @Test
    void start_shouldNameThePortAndSqsPortFlagBeforeAnythingLoads_whenTheSqsPortIsBusy() throws Exception {
        try (ServerSocket busy = listen()) {
            assertRefusedBeforeAnythingLoads(TwinOptions.of(HTTP_TEMPLATE).withPort(0).withSqsPort(busy.getLocalPort()),
                    "port " + busy.getLocalPort() + " (--sqs-port) is in use by another program; choose another with --sqs-port N");
        }
    }

    @Test
    void start_shouldNameThePortAndDynamodbPortFlagBeforeAnythingLoads_whenTheDynamodbPortIsBusy() throws Exception {
        try (ServerSocket busy = listen()) {
            assertRefusedBeforeAnythingLoads(TwinOptions.of(HTTP_TEMPLATE).withPort(0).withDynamoPort(busy.getLocalPort()),
                    "port " + busy.getLocalPort() + " (--dynamodb-port) is in use by another program; choose another with "
                            + "--dynamodb-port N");
        }
    }

    @Test
    void start_shouldNameThePortAndEventsPortFlagBeforeAnythingLoads_whenTheEventsPortIsBusy() throws Exception {
        try (ServerSocket busy = listen()) {
            assertRefusedBeforeAnythingLoads(TwinOptions.of(HTTP_TEMPLATE).withPort(0).withEventsPort(busy.getLocalPort()),
                    "port " + busy.getLocalPort() + " (--events-port) is in use by another program; choose another with "
                            + "--events-port N");
        }
    }

    @Test
    void start_shouldNameBothFlags_whenTwoFlagsNameTheSamePort() {
        assertRefusedBeforeAnythingLoads(TwinOptions.of(HTTP_TEMPLATE).withPort(0).withSqsPort(9555).withDynamoPort(9555),
                "--sqs-port and --dynamodb-port both name port 9555; give each its own");
    }

    @Test
    void main_shouldExit2NamingPortAndFlagWithoutAStackTrace_whenTheApiPortIsBusy() throws Exception {
        try (ServerSocket busy = listen()) {
            Run run = run(dir, "--template", HTTP_TEMPLATE.toString(), "--port", String.valueOf(busy.getLocalPort()),
                    "--sqs-port", "0", "--dynamodb-port", "0", "--events-port", "0");

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.stderr()).isEqualTo("the local twin cannot start: port " + busy.getLocalPort() + " (--port) is in use"
                    + " by another program; choose another with --port N (0 picks a free one)\n");
            assertThat(run.stdout()).isEmpty();
        }
    }

    @Test
    void main_shouldNameTheDirectoryAndPointToTemplateFlag_whenStartedOutsideTheRepositoryRoot() throws Exception {
        Run run = run(dir);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("template.yaml not found in the current directory, " + dir.toRealPath()
                + ". Start the twin from the repository root (where template.yaml is), or give --template "
                + "path/to/template.yaml.\n");
    }

    @Test
    void main_shouldGiveEachDemoALogOfItsOwn_whenTwoDemosRunAtOnce() throws Exception {
        Path template = refusedTemplateWithJourneys();
        Process first = launch(dir, "--demo", "--template", template.toString(), "--port", "0", "--sqs-port", "0",
                "--dynamodb-port", "0", "--events-port", "0");
        Process second = launch(dir, "--demo", "--template", template.toString(), "--port", "0", "--sqs-port", "0",
                "--dynamodb-port", "0", "--events-port", "0");
        Run one = finish(first);
        Run two = finish(second);

        Path firstLog = logNamedIn(one.stdout());
        Path secondLog = logNamedIn(two.stdout());
        assertThat(firstLog).isNotEqualTo(secondLog);
        assertThat(firstLog.getFileName().toString()).startsWith("mql-local-twin-" + first.pid() + "-");
        assertThat(Files.readString(firstLog)).contains("refusing " + template + ": Resources.Stream.Type");
        assertThat(Files.readString(secondLog)).contains("refusing " + template + ": Resources.Stream.Type");
        Files.delete(firstLog);
        Files.delete(secondLog);
    }

    @Test
    void main_shouldWriteTheDemosLogToTheFileGiven_whenLogIsGiven() throws Exception {
        Path log = dir.resolve("my-demo.log");
        Files.writeString(log, "an earlier run\n");

        Run run = run(dir, "--demo", "--log", log.toString(), "--template", refusedTemplateWithJourneys().toString(),
                "--port", "0", "--sqs-port", "0", "--dynamodb-port", "0", "--events-port", "0");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(logNamedIn(run.stdout())).isEqualTo(log.toAbsolutePath());
        assertThat(Files.readString(log)).doesNotContain("an earlier run").contains("refusing ");
    }

    @Test
    void main_shouldWriteTheTwinsLinesToTheFileGivenAndKeepTheReadyLineOnStdout_whenLogIsGiven() throws Exception {
        Path log = dir.resolve("twin.log");
        Process twin = launch(dir, "--log", log.toString(), "--template", HTTP_TEMPLATE.toString(), "--port", "0",
                "--sqs-port", "0", "--dynamodb-port", "0", "--events-port", "0");
        try (BufferedReader stdout = new BufferedReader(new InputStreamReader(twin.getInputStream(), StandardCharsets.UTF_8))) {
            String first = stdout.readLine();

            assertThat(first).startsWith("{\"ready\":true");
            TwinLines.await(() -> read(log).contains("{\"ready\":true"), Duration.ofSeconds(10), "the ready line in " + log);
            assertThat(read(log)).contains("\"event\":\"not-emulated\"");
        } finally {
            twin.destroy();
            twin.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void assertRefusedBeforeAnythingLoads(TwinOptions options, String message) {
        TwinLines lines = new TwinLines();

        assertThatThrownBy(() -> LocalTwin.start(options.withOutput(lines)).close())
                .isInstanceOf(Ports.Unavailable.class).hasMessageContaining(message);
        assertThat(lines.all()).as("no function was loaded, nothing was started").isEmpty();
    }

    private Path refusedTemplateWithJourneys() throws IOException {
        Files.createDirectories(dir.resolve("events").resolve("journeys"));
        return Files.writeString(dir.resolve("template.yaml"), "AWSTemplateFormatVersion: '2010-09-09'\n"
                + "Transform: AWS::Serverless-2016-10-31\nResources:\n  Stream:\n    Type: AWS::Kinesis::Stream\n");
    }

    private static Path logNamedIn(String stdout) {
        Matcher m = LOG_LINE.matcher(stdout);
        assertThat(m.find()).as("stdout names the log: " + stdout).isTrue();
        return Path.of(m.group(1));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServerSocket listen() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run run(Path workingDir, String... args) throws Exception {
        return finish(launch(workingDir, args));
    }

    private static Process launch(Path workingDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workingDir.toFile()).start();
    }

    private static Run finish(Process process) throws Exception {
        // both streams are small here (a refusal); read them after the exit
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the twin did not exit within 60 s");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
