package io.mqlengine.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailsTest {

    @Test
    void normalise_shouldTrimLowerCaseAndComposeUnicode() {
        String decomposed = "Jose\u0301@Example.COM "; // e + combining acute
        assertThat(Emails.normalise(decomposed)).isEqualTo("jos\u00e9@example.com");
        assertThat(Emails.normalise("  ADA@ACME.IO\t")).isEqualTo("ada@acme.io");
    }
}
