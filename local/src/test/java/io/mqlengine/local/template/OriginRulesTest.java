package io.mqlengine.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.config.AllowedOrigins;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of origin lists for {@link AllowedOrigins}, the rules both the twin's gateway and the ingest function
 * apply; template.yaml's AllowedPattern must never refuse a list they accept.
 */
class OriginRulesTest {
    private static final String LOOPBACK = AllowedOriginsParameter.LOOPBACK;
    private static final Pattern TEMPLATE_PATTERN = Pattern.compile(TemplateReader.read(
            Path.of("..", "template.yaml").toAbsolutePath().normalize()).root().path("Parameters").path("AllowedOrigins")
            .path("AllowedPattern").asText());

    /** An allow-list, an Origin header, and whether the origin may post. */
    static Stream<Arguments> matches() {
        return Stream.of(
                Arguments.of("https://www.example.com", "https://www.example.com", true),
                Arguments.of("https://www.example.com", "http://www.example.com", false),
                Arguments.of("https://www.example.com", "https://example.com", false),
                Arguments.of("https://www.example.com", "https://www.example.com:8443", false),
                Arguments.of("https://www.example.com:443", "https://www.example.com", true),
                Arguments.of("http://www.example.com", "http://www.example.com:80", true),
                Arguments.of("https://WWW.Example.com", "https://www.example.com", true),
                Arguments.of("https://a.example,https://b.example", "https://b.example", true),
                Arguments.of("https://*.example.com", "https://app.example.com", true),
                Arguments.of("https://*.example.com", "https://a.b.example.com", true),
                Arguments.of("https://*.example.com", "https://example.com", false),
                Arguments.of("https://*.example.com", "https://evil-example.com", false),
                Arguments.of("https://*.example.com", "https://example.com.evil.example", false),
                Arguments.of("https://*.example.com", "https://app.example.com:8443", false),
                Arguments.of("https://*", "https://anything.example:9443", true),
                Arguments.of("https://*", "http://anything.example", false),
                Arguments.of("http://localhost:*", "http://localhost:5500", true),
                Arguments.of("http://localhost:*", "http://localhost", true),
                Arguments.of("http://localhost:*", "https://localhost:5500", false),
                Arguments.of("http://localhost:*", "http://localhost.evil.example:5500", false),
                Arguments.of("http://localhost:3000", "http://localhost:3001", false),
                Arguments.of(LOOPBACK, "http://localhost:5500", true),
                Arguments.of(LOOPBACK, "http://127.0.0.1:3000", true),
                Arguments.of(LOOPBACK, "http://[::1]:8080", true),
                Arguments.of(LOOPBACK, "http://192.168.1.20:5500", false),
                Arguments.of(LOOPBACK, "https://www.example.com", false),
                Arguments.of(LOOPBACK, "null", false),
                Arguments.of("*", "https://any.example", true),
                Arguments.of("*", "null", true),
                Arguments.of("https://www.example.com", "null", false),
                Arguments.of("https://www.example.com", "https://www.example.com/", false));
    }

    /** A malformed list, the message both rule sets give, and whether template.yaml's AllowedPattern refuses it. */
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("https://www.example.com/", "'https://www.example.com/' ends with a slash; an origin has no path: "
                        + "https://www.example.com", true),
                Arguments.of("https://www.example.com/shop", "'https://www.example.com/shop' has a path (/shop); an origin is "
                        + "scheme://host[:port] only: https://www.example.com", true),
                Arguments.of("www.example.com", "'www.example.com' has no scheme; write it as https://www.example.com", true),
                Arguments.of("https:/www.example.com", "'https:/www.example.com' is not of the form scheme://host[:port]", true),
                Arguments.of("ftp://files.example.com", "'ftp://files.example.com' has the scheme 'ftp'", true),
                Arguments.of("", "names no origin", true),
                Arguments.of("https://a.example,,https://b.example", "'https://a.example,,https://b.example' has an empty "
                        + "entry", true),
                Arguments.of("https://a.example,", "'https://a.example,' has an empty entry", true),
                Arguments.of("*,https://a.example", "'*' allows every origin and cannot be combined with other entries", true),
                Arguments.of("https://a.example, https://b.example", "' https://b.example' contains whitespace", true),
                Arguments.of("https://www.*.example.com", "'https://www.*.example.com' has a * inside the host", false),
                Arguments.of("https://*:8443", "'https://*:8443' gives a port with the wildcard host", false),
                Arguments.of("https://www.example.com:0", "'https://www.example.com:0' has the port '0'", false),
                Arguments.of("https://www.example.com:65536", "has the port '65536'", false),
                Arguments.of("https://www.example.com:", "has the port ''", false),
                Arguments.of("https://www.example.com?utm=1", "contains '?'", false),
                Arguments.of("https://user@www.example.com", "contains '@'", false),
                Arguments.of("https://", "'https://' has no host", true),
                Arguments.of("https://exa_mple.com", "has an invalid host 'exa_mple.com'", false),
                Arguments.of("https://example.com.", "has an invalid host 'example.com.'", false),
                Arguments.of("http://[::1", "has an IPv6 address without its closing ]", false),
                Arguments.of("http://[::g]", "has an invalid IPv6 address [::g]", false));
    }

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @MethodSource("matches")
    void allows_shouldMatchAsTheTableSays_whenAnOriginIsChecked(String list, String origin, boolean allowed) {
        assertThat(AllowedOrigins.parse(list).allows(origin)).isEqualTo(allowed);
    }

    static Stream<Arguments> refusedAtDeploy() {
        return refusals().filter(a -> (boolean) a.get()[2]);
    }

    static Stream<Arguments> listedInATemplate() {
        return refusals().filter(a -> !((String) a.get()[0]).isEmpty());
    }

    @ParameterizedTest(name = "'{0}'")
    @MethodSource("refusals")
    void parse_shouldRefuseNamingTheEntry_whenAnEntryIsMalformed(String list, String message, boolean refusedAtDeploy) {
        assertThatThrownBy(() -> AllowedOrigins.parse(list)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "'{0}'")
    @MethodSource("matches")
    void allowedPattern_shouldAcceptTheList_whenTheRulesAcceptIt(String list, String origin, boolean allowed) {
        assertThat(TEMPLATE_PATTERN.matcher(list).matches()).as("template.yaml's AllowedPattern on %s", list).isTrue();
    }

    /** The pattern is the coarse first gate at sam deploy; the function's start names everything else. */
    @ParameterizedTest(name = "'{0}'")
    @MethodSource("refusedAtDeploy")
    void allowedPattern_shouldRefuseAtDeploy_whenAnEntryHasAPathSlashSpaceOrNoScheme(String list, String message,
            boolean refusedAtDeploy) {
        assertThat(TEMPLATE_PATTERN.matcher(list).matches()).as("template.yaml's AllowedPattern on '%s'", list).isFalse();
    }

    @ParameterizedTest(name = "'{0}'")
    @MethodSource("listedInATemplate")
    void of_shouldRefuseLikeParse_whenATemplateListsTheEntries(String list, String message, boolean refusedAtDeploy) {
        assertThatThrownBy(() -> AllowedOrigins.of(List.of(list.split(",", -1)))).hasMessageContaining(message);
    }
}
