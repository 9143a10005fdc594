package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliTest {
  @Test
  void parse_shouldReadEveryFlag_whenAllAreGiven() {
    TwinOptions options = Cli.parse(new String[] {"--template", "t.yaml", "--port", "0", "--param", "WriteKeys=a=b",
        "--param", "X=", "--data-dir", "d", "--fast-retries", "--test-hooks"}, line -> { });

    assertThat(options.template()).isEqualTo(Path.of("t.yaml"));
    assertThat(options.port()).isZero();
    assertThat(options.parameters()).containsEntry("WriteKeys", "a=b").containsEntry("X", "");
    assertThat(options.dataDir()).contains(Path.of("d"));
    assertThat(options.fastRetries()).isTrue();
    assertThat(options.testHooks()).isTrue();
  }

  @Test
  void parse_shouldRefuse_whenAnArgumentIsUnknown() {
    assertThatThrownBy(() -> Cli.parse(new String[] {"--verbose"}, line -> { })).hasMessage("unknown argument --verbose");
  }
}
