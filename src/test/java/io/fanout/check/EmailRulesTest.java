package io.fanout.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmailRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"jane@example.com", "j.doe+tag@mail.example.co.uk", "a@b.c", "X_Y@Example.COM"})
    void validAddresses(String address) {
        assertThat(EmailRules.syntaxValid(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jane@doe@example.com", // two @
        "jane.example.com",     // no @
        "@example.com",         // empty local part
        "jane@example",         // no dot in domain
        "jane doe@example.com", // space
        " jane@example.com",    // leading whitespace
        "jane@example.com\t",   // trailing whitespace
        "a@b..com",             // empty label
        "a@.b.com",             // leading dot
        "a@b.com.",             // trailing dot
        "jane@",                // empty domain
        ""})
    void invalidAddresses(String address) {
        assertThat(EmailRules.syntaxValid(address)).isFalse();
    }

    @Test
    void nullIsInvalid() {
        assertThat(EmailRules.syntaxValid(null)).isFalse();
    }

    @Test
    void domainIsTheLowerCasedPartAfterTheAt() {
        assertThat(EmailRules.domain("Jane@Example.COM")).isEqualTo("example.com");
        assertThat(EmailRules.domain("jane@")).isEmpty();
        assertThat(EmailRules.domain("jane.example.com")).isEmpty();
        assertThat(EmailRules.domain(null)).isEmpty();
        assertThat(EmailRules.domain("a@b@Mailinator.com")).isEqualTo("mailinator.com");
    }
}
