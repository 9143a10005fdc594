package io.mqlengine.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final WebhookSignature SIGNATURE = new WebhookSignature("outcomes-secret-change-me");
    private static final byte[] BODY = ("{\"outcomeId\":\"crm-8842\",\"email\":\"ada@analytical-engines.example\","
            + "\"outcome\":\"accepted\",\"at\":\"2026-11-23T10:15:30Z\",\"by\":\"sdr-7\"}").getBytes(StandardCharsets.UTF_8);
    private static final long SIGNED_AT = 1795428930L; // 2026-11-23T10:15:30Z
    /** Computed with Python's hmac module: hmac.new(secret, b"1795428930." + body, hashlib.sha256).hexdigest(). */
    private static final String EXPECTED = "v1=19fe2ae388b26f26240ca68022f58cd6b2de14b1c5c119204465ebdae4e8d6fa";

    @Test
    void sign_shouldMatchAnIndependentImplementation() {
        assertThat(SIGNATURE.sign(SIGNED_AT, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void problem_shouldBeNone_whenSignedWithinFiveMinutes() {
        assertThat(SIGNATURE.problem("1795428930", EXPECTED, BODY, Instant.ofEpochSecond(SIGNED_AT + 299))).isNull();
        assertThat(SIGNATURE.problem("1795428930", EXPECTED.toUpperCase().replace("V1=", "v1="), BODY,
                Instant.ofEpochSecond(SIGNED_AT - 299))).as("hex in either case").isNull();
    }

    @Test
    void problem_shouldRefuseAReplay_olderOrNewerThanFiveMinutes() {
        assertThat(SIGNATURE.problem("1795428930", EXPECTED, BODY, Instant.ofEpochSecond(SIGNED_AT + 301)))
                .contains(WebhookSignature.TIMESTAMP_HEADER).contains("PT5M");
        assertThat(SIGNATURE.problem("1795428930", EXPECTED, BODY, Instant.ofEpochSecond(SIGNED_AT - 301)))
                .contains(WebhookSignature.TIMESTAMP_HEADER);
    }

    @Test
    void problem_shouldRefuseABodyChangedAfterSigning_orAnotherSecret() {
        byte[] changed = new String(BODY, StandardCharsets.UTF_8).replace("accepted", "won").getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.ofEpochSecond(SIGNED_AT);
        assertThat(SIGNATURE.problem("1795428930", EXPECTED, changed, now)).contains(WebhookSignature.SIGNATURE_HEADER);
        assertThat(new WebhookSignature("another-secret").problem("1795428930", EXPECTED, BODY, now))
                .contains(WebhookSignature.SIGNATURE_HEADER);
        assertThat(SIGNATURE.problem("1795428931", EXPECTED, BODY, now)).as("the timestamp is signed too")
                .contains(WebhookSignature.SIGNATURE_HEADER);
    }

    @Test
    void problem_shouldCheckTheSignatureBeforeTheTime() {
        assertThat(SIGNATURE.problem("1", "v1=00", BODY, Instant.ofEpochSecond(SIGNED_AT)))
                .contains(WebhookSignature.SIGNATURE_HEADER).doesNotContain("clock");
    }

    @Test
    void problem_shouldNameMissingOrMalformedHeaders() {
        Instant now = Instant.ofEpochSecond(SIGNED_AT);
        assertThat(SIGNATURE.problem(null, EXPECTED, BODY, now)).contains("required");
        assertThat(SIGNATURE.problem("1795428930", null, BODY, now)).contains("required");
        assertThat(SIGNATURE.problem("2026-11-23T10:15:30Z", EXPECTED, BODY, now)).contains("Unix time");
        assertThat(SIGNATURE.problem("1795428930", EXPECTED.substring(3), BODY, now)).as("no v1= prefix")
                .contains(WebhookSignature.SIGNATURE_HEADER);
        assertThat(SIGNATURE.problem("1795428930", "v1=zz", BODY, now)).as("not hex")
                .contains(WebhookSignature.SIGNATURE_HEADER);
    }
}
