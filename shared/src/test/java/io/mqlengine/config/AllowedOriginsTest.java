package io.mqlengine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The ingest function's origin rules on their own. The full table of entries and matches runs against these rules
 * and the twin's copy of them together, in the local module's OriginRulesTest.
 */
class AllowedOriginsTest {

    @Test
    void allows_shouldAcceptAnyPortOfEveryLoopbackName_whenTheTwinsDefaultIsGiven() {
        AllowedOrigins loopback = AllowedOrigins.parse("http://localhost:*,http://127.0.0.1:*,http://[::1]:*");

        assertThat(loopback.allows("http://localhost:5500")).isTrue();
        assertThat(loopback.allows("http://127.0.0.1:3000")).isTrue();
        assertThat(loopback.allows("http://[::1]:8080")).isTrue();
        assertThat(loopback.allows("http://localhost")).isTrue();
        assertThat(loopback.allows("https://localhost:5500")).as("another scheme").isFalse();
        assertThat(loopback.allows("http://localhost.attacker.example:5500")).isFalse();
    }

    @Test
    void allows_shouldMatchExactOriginsOnly_whenTheListNamesSites() {
        AllowedOrigins sites = AllowedOrigins.parse("https://www.example.com,https://example.com");

        assertThat(sites.allows("https://www.example.com")).isTrue();
        assertThat(sites.allows("https://example.com")).isTrue();
        assertThat(sites.allows("https://shop.example.com")).isFalse();
        assertThat(sites.allows("http://www.example.com")).isFalse();
        assertThat(sites.allows("null")).as("a sandboxed or file: page").isFalse();
        assertThat(sites.allows(null)).isFalse();
    }

    @Test
    void parse_shouldNameTheEntryAndTheFix_whenAnOriginHasATrailingSlash() {
        assertThatThrownBy(() -> AllowedOrigins.parse("https://example.com,https://www.example.com/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'https://www.example.com/' ends with a slash; an origin has no path: https://www.example.com");
    }

    @Test
    void parse_shouldNameTheEntryAndTheFix_whenAnOriginHasNoScheme() {
        assertThatThrownBy(() -> AllowedOrigins.parse("www.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'www.example.com' has no scheme; write it as https://www.example.com (or http:// for a "
                        + "page without TLS)");
    }

    @Test
    void parse_shouldRefuseTheStar_whenItIsMixedWithOrigins() {
        assertThatThrownBy(() -> AllowedOrigins.parse("https://www.example.com,*"))
                .hasMessageStartingWith("'*' allows every origin and cannot be combined with other entries");
    }
}
