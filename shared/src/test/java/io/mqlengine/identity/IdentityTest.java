package io.mqlengine.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityTest {

    @Test
    void forEmail_shouldGiveOneIdPerPerson_whateverTheSpelling() {
        LeadIds ids = new LeadIds("a-deployment-secret");
        assertThat(ids.forEmail("Ada@Acme.io")).isEqualTo(ids.forEmail(" ada@acme.io "));
        assertThat(ids.forEmail("Jose\u0301@x.com")).isEqualTo(ids.forEmail("jos\u00e9@x.com"));
        assertThat(ids.forEmail("ada@acme.io")).isNotEqualTo(ids.forEmail("bob@acme.io"));
    }

    @Test
    void forEmail_shouldNotRevealTheEmail_andDependOnTheSecret() {
        String id = new LeadIds("secret-one-secret-one").forEmail("ada@acme.io");
        assertThat(id).matches("[a-z2-7]{26}").doesNotContain("ada").doesNotContain("acme");
        assertThat(new LeadIds("secret-two-secret-two").forEmail("ada@acme.io")).isNotEqualTo(id);
    }

    @Test
    void verifyHex_shouldAcceptOnlyTheExactSignature() {
        Hmac hmac = new Hmac("identity-secret");
        String sig = hmac.signHex("ada@acme.io");
        assertThat(hmac.verifyHex("ada@acme.io", sig)).isTrue();
        assertThat(hmac.verifyHex("ada@acme.io", sig.toUpperCase())).isTrue();
        assertThat(hmac.verifyHex("bob@acme.io", sig)).isFalse();
        assertThat(hmac.verifyHex("ada@acme.io", sig.substring(0, 62) + "00")).isFalse();
        assertThat(hmac.verifyHex("ada@acme.io", "not-hex")).isFalse();
        assertThat(hmac.verifyHex("ada@acme.io", null)).isFalse();
        assertThatThrownBy(() -> new Hmac("")).hasMessageContaining("secret");
    }

    @Test
    void base32_shouldEncodeRfc4648Alphabet() {
        assertThat(LeadIds.base32("foobar".getBytes())).isEqualTo("mzxw6ytboi");
    }
}
