package io.mqlengine.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdStartOnlyTest {

    @Test
    void parse_shouldTakeRunsJarAndVariants_whenGiven() {
        ColdStartOnly.Options o = ColdStartOnly.parse(new String[] {"--cold-start-only", "--runs", "7",
                "--functions-jar", "a.jar", "--variant", "b.jar::-XX:+UseSerialGC", "--variant", "::"});

        assertThat(o.runs()).isEqualTo(7);
        assertThat(o.functionsJar()).isEqualTo(Path.of("a.jar"));
        assertThat(o.javaToolOptions()).isNull();
        assertThat(o.variants()).isEqualTo(List.of("b.jar::-XX:+UseSerialGC", "::"));
    }

    @Test
    void parse_shouldNameTheFormat_whenAVariantLacksTheSeparator() {
        assertThatThrownBy(() -> ColdStartOnly.parse(new String[] {"--cold-start-only", "--variant", "b.jar"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--variant takes JAR::OPTIONS");
    }

    @Test
    void benchRun_shouldExitWithUsage_whenAColdStartOnlyArgumentIsUnknown() {
        assertThat(Bench.run(new String[] {"--cold-start-only", "--events", "5"})).isEqualTo(2);
    }
}
