package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliTest {
  @Test
  void parse_shouldReadEveryFlag_whenAllAreGiven() {
    Cli.Parsed parsed = Cli.parse(new String[] {"--template", "t.yaml", "--port", "0", "--param", "WriteKeys=a=b",
        "--param", "X=", "--data-dir", "d", "--fast-retries", "--test-hooks", "--sqs-port", "0", "--dynamodb-port", "0",
        "--demo"}, line -> { });
    TwinOptions options = parsed.options();

    assertThat(options.template()).isEqualTo(Path.of("t.yaml"));
    assertThat(options.port()).isZero();
    assertThat(options.sqsPort()).isZero();
    assertThat(options.dynamoPort()).isZero();
    assertThat(options.parameters()).containsEntry("WriteKeys", "a=b").containsEntry("X", "");
    assertThat(options.dataDir()).contains(Path.of("d"));
    assertThat(options.fastRetries()).isTrue();
    assertThat(options.testHooks()).isTrue();
    assertThat(parsed.demo()).isTrue();
  }

  @Test
  void parse_shouldUseTheEmulatorsUsualPorts_whenNoneAreGiven() {
    Cli.Parsed parsed = Cli.parse(new String[] {}, line -> { });
    assertThat(parsed.options().port()).isEqualTo(8080);
    assertThat(parsed.options().sqsPort()).isEqualTo(9324);
    assertThat(parsed.options().dynamoPort()).isEqualTo(8000);
    assertThat(parsed.demo()).isFalse();
  }

  @Test
  void parse_shouldRefuse_whenAnArgumentIsUnknownOrAPortIsNotANumber() {
    assertThatThrownBy(() -> Cli.parse(new String[] {"--verbose"}, line -> { })).hasMessage("unknown argument --verbose");
    assertThatThrownBy(() -> Cli.parse(new String[] {"--sqs-port", "x"}, line -> { })).hasMessage("--sqs-port takes a number");
  }
}
