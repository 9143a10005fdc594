package io.mqlengine.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AllowedOrigins parameter on the twin: loopback origins when nothing is given, each entry checked. */
class AllowedOriginsParameterTest {
    private static final String NO_DEFAULT = """
        Parameters:
          AllowedOrigins: {Type: String}
          WriteKeys: {Type: String}
        """;

    @TempDir
    Path dir;

    @Test
    void resolve_shouldGiveEveryLoopbackOriginOnAnyPort_whenNeitherTheTemplateNorTheCommandLineGivesOrigins()
            throws Exception {
        ParameterValues values = ParameterValues.resolve(template(NO_DEFAULT), Map.of("WriteKeys", "k"));

        assertThat(values.text("AllowedOrigins")).isEqualTo("http://localhost:*,http://127.0.0.1:*,http://[::1]:*");
    }

    @Test
    void resolve_shouldUseTheGivenOrigins_whenTheCommandLineGivesThem() throws Exception {
        ParameterValues values = ParameterValues.resolve(template(NO_DEFAULT),
                Map.of("WriteKeys", "k", "AllowedOrigins", "https://www.example.com"));

        assertThat(values.text("AllowedOrigins")).isEqualTo("https://www.example.com");
    }

    @Test
    void resolve_shouldUseTheTemplatesDefault_whenTheTemplateHasOne() throws Exception {
        ParameterValues values = ParameterValues.resolve(template("""
            Parameters:
              AllowedOrigins: {Type: String, Default: 'https://www.example.com'}
            """), Map.of());

        assertThat(values.text("AllowedOrigins")).isEqualTo("https://www.example.com");
    }

    @Test
    void resolve_shouldStillAskForOtherParametersWithoutDefault_whenAllowedOriginsGetsTheTwinsDefault() {
        assertThatThrownBy(() -> ParameterValues.resolve(template(NO_DEFAULT), Map.of()))
                .isInstanceOf(TemplateRefusal.class)
                .hasMessage("Parameters.WriteKeys: has no Default; pass --param WriteKeys=VALUE");
    }

    @Test
    void resolve_shouldRefuseNamingTheParameterAndTheEntry_whenAnOriginHasATrailingSlash() {
        assertThatThrownBy(() -> ParameterValues.resolve(template(NO_DEFAULT),
                Map.of("WriteKeys", "k", "AllowedOrigins", "https://example.com,https://www.example.com/")))
                .isInstanceOf(TemplateRefusal.class)
                .hasMessage("Parameters.AllowedOrigins: 'https://www.example.com/' ends with a slash; an origin has no path: "
                        + "https://www.example.com");
    }

    private Template template(String yaml) throws Exception {
        return TemplateReader.read(Files.writeString(dir.resolve("template.yaml"), yaml));
    }
}
