package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @Test
    void parse_shouldReadEveryFlag_whenAllAreGiven() {
        Cli.Parsed parsed = Cli.parse(new String[] {"--template", "t.yaml", "--port", "0", "--param", "WriteKeys=a=b",
                "--param", "X=", "--data-dir", "d", "--fast-retries", "--test-hooks", "--sqs-port", "0", "--dynamodb-port", "0", "--events-port", "0",
                "--demo", "--log", "twin.log"}, line -> { });
        TwinOptions options = parsed.options();

        assertThat(options.template()).isEqualTo(Path.of("t.yaml"));
        assertThat(options.port()).isZero();
        assertThat(options.sqsPort()).isZero();
        assertThat(options.dynamoPort()).isZero();
        assertThat(options.eventsPort()).isZero();
        assertThat(options.parameters()).containsEntry("WriteKeys", "a=b").containsEntry("X", "");
        assertThat(options.dataDir()).contains(Path.of("d"));
        assertThat(options.fastRetries()).isTrue();
        assertThat(options.testHooks()).isTrue();
        assertThat(parsed.demo()).isTrue();
        assertThat(parsed.log()).contains(Path.of("twin.log"));
    }

    @Test
    void parse_shouldUseTheEmulatorsUsualPorts_whenNoneAreGiven() {
        Cli.Parsed parsed = Cli.parse(new String[] {}, line -> { });
        assertThat(parsed.options().port()).isEqualTo(8080);
        assertThat(parsed.options().sqsPort()).isEqualTo(9324);
        assertThat(parsed.options().dynamoPort()).isEqualTo(8000);
        assertThat(parsed.options().eventsPort()).isEqualTo(9195);
        assertThat(parsed.demo()).isFalse();
        assertThat(parsed.log()).isEmpty();
    }

    @Test
    void parse_shouldRefuse_whenAnArgumentIsUnknownOrAPortIsNotANumber() {
        assertThatThrownBy(() -> Cli.parse(new String[] {"--verbose"}, line -> { })).hasMessage("unknown argument --verbose");
        assertThatThrownBy(() -> Cli.parse(new String[] {"--sqs-port", "x"}, line -> { })).hasMessage("--sqs-port takes a number");
        assertThatThrownBy(() -> Cli.parse(new String[] {"--port", "70000"}, line -> { }))
                .hasMessage("--port takes a port from 0 to 65535 (0 picks a free one), got 70000");
        assertThatThrownBy(() -> Cli.parse(new String[] {"--log"}, line -> { })).hasMessage("--log needs a value");
    }

    @Test
    void startProblem_shouldNameTheDirectoryAndPointToTemplateFlag_whenTemplateYamlIsNotInTheCurrentDirectory(
            @TempDir Path dir) {
        assertThat(Cli.startProblem(Path.of("template.yaml"), false, dir)).contains("template.yaml not found in the current"
                + " directory, " + dir + ". Start the twin from the repository root (where template.yaml is), or give"
                + " --template path/to/template.yaml.");
    }

    @Test
    void startProblem_shouldNameWhereItLooked_whenTheTemplateGivenDoesNotExist(@TempDir Path dir) {
        assertThat(Cli.startProblem(Path.of("conf/t.yaml"), false, dir)).contains("--template conf/t.yaml: no such file"
                + " (looked for " + dir.resolve("conf/t.yaml") + " from the current directory, " + dir + ").");
    }

    @Test
    void startProblem_shouldNameTheMissingJourneys_whenTheDemoHasNoneNextToTheTemplate(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("template.yaml"), "Resources: {}\n");

        assertThat(Cli.startProblem(Path.of("template.yaml"), false, dir)).isEmpty();
        assertThat(Cli.startProblem(Path.of("template.yaml"), true, dir).orElseThrow())
                .startsWith("--demo replays the journeys in events/journeys next to the template, and "
                        + dir.resolve("events/journeys") + " does not exist.");
        Files.createDirectories(dir.resolve("events/journeys"));
        assertThat(Cli.startProblem(Path.of("template.yaml"), true, dir)).isEmpty();
    }
}
