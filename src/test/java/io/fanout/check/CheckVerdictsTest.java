package io.fanout.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fanout.check.CheckOutcome.Result;
import io.fanout.record.Record;

class CheckVerdictsTest {

    private static final String SPRINGFIELD = "{\"postalCode\":\"62704\",\"city\":\"Springfield\",\"state\":\"IL\"}";

    private static Record record(String... nameValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.put(nameValues[i], nameValues[i + 1]);
        }
        return new Record(2, fields, "raw");
    }

    private static Record address(String city, String state, String postalCode) {
        return record("id", "1", "city", city, "state", state, "postal_code", postalCode);
    }

    private static String emailAnswer(String address, String domain, boolean valid, boolean disposable) {
        return "{\"address\":\"" + address + "\",\"domain\":\"" + domain + "\",\"syntaxValid\":" + valid
                + ",\"disposable\":" + disposable + "}";
    }

    // --- address

    @Test
    void addressPassesWhenCityAndStateMatch() {
        CheckOutcome outcome = CheckVerdicts.address(address("springfield ", "il", "62704-1234"), 200, SPRINGFIELD);
        assertThat(outcome).isEqualTo(CheckOutcome.pass("address"));
    }

    @Test
    void addressFlagsACityMismatch() {
        CheckOutcome outcome = CheckVerdicts.address(address("Chicago", "IL", "62704"), 200, SPRINGFIELD);
        assertThat(outcome).isEqualTo(
                CheckOutcome.flag("address", "address: city 'Chicago' does not match 62704 (Springfield, IL)"));
    }

    @Test
    void addressFlagsAStateMismatch() {
        CheckOutcome outcome = CheckVerdicts.address(address("Springfield", "MO", "62704"), 200, SPRINGFIELD);
        assertThat(outcome.result()).isEqualTo(Result.FLAG);
        assertThat(outcome.reason()).isEqualTo("address: state 'MO' does not match 62704 (Springfield, IL)");
    }

    @Test
    void addressFlagsBothMismatched() {
        CheckOutcome outcome = CheckVerdicts.address(address("X", "YY", "62704"), 200, SPRINGFIELD);
        assertThat(outcome.reason())
                .isEqualTo("address: city 'X' and state 'YY' do not match 62704 (Springfield, IL)");
    }

    @Test
    void addressFlagsAMissingPostalCodeWhateverTheStatus() {
        assertThat(CheckVerdicts.address(address("Springfield", "IL", "  "), 200, SPRINGFIELD))
                .isEqualTo(CheckOutcome.flag("address", "address: postal code is missing"));
        assertThat(CheckVerdicts.address(record("city", "Springfield"), 503, ""))
                .isEqualTo(CheckOutcome.flag("address", "address: postal code is missing"));
    }

    @Test
    void addressReadsTheZipFieldToo() {
        Record r = record("City", "Springfield", "STATE", "IL", "Zip", "62704");
        assertThat(CheckVerdicts.address(r, 200, SPRINGFIELD).result()).isEqualTo(Result.PASS);
        assertThat(CheckVerdicts.postalCodeOf(r)).isEqualTo("62704");
    }

    @Test
    void addressFlagsAnUnknownCodeOn404() {
        CheckOutcome outcome = CheckVerdicts.address(address("Nowhere", "ZZ", " 99999 "), 404,
                "{\"error\":\"unknown postal code\",\"postalCode\":\"99999\"}");
        assertThat(outcome).isEqualTo(CheckOutcome.flag("address", "address: postal code '99999' is unknown"));
    }

    @Test
    void addressThrowsOnOtherStatusesSoTheCallerRetries() {
        assertThatIllegalStateException()
                .isThrownBy(() -> CheckVerdicts.address(address("a", "b", "62704"), 503, "{}"))
                .withMessageContaining("503");
        assertThatIllegalStateException()
                .isThrownBy(() -> CheckVerdicts.address(address("a", "b", "62704"), 500, ""));
    }

    @Test
    void addressThrowsOnAMalformed200() {
        assertThatIllegalStateException()
                .isThrownBy(() -> CheckVerdicts.address(address("a", "b", "62704"), 200, "not json"));
        assertThatIllegalStateException()
                .isThrownBy(() -> CheckVerdicts.address(address("a", "b", "62704"), 200, "{\"city\":\"x\"}"));
        assertThatIllegalStateException()
                .isThrownBy(() -> CheckVerdicts.address(address("a", "b", "62704"), 200, null));
    }

    // --- email

    @Test
    void emailPassesAGoodAddress() {
        Record r = record("email", "jane@example.com");
        assertThat(CheckVerdicts.email(r, emailAnswer("jane@example.com", "example.com", true, false)))
                .isEqualTo(CheckOutcome.pass("email"));
    }

    @Test
    void emailFlagsAMissingAddress() {
        assertThat(CheckVerdicts.email(record("email", " "), "{}"))
                .isEqualTo(CheckOutcome.flag("email", "email: missing"));
        assertThat(CheckVerdicts.email(record("id", "1"), 503, ""))
                .isEqualTo(CheckOutcome.flag("email", "email: missing"));
    }

    @Test
    void emailFlagsAnInvalidAddress() {
        Record r = record("email", " foo@bar ");
        assertThat(CheckVerdicts.email(r, emailAnswer("foo@bar", "bar", false, false)))
                .isEqualTo(CheckOutcome.flag("email", "email: 'foo@bar' is not a valid address"));
    }

    @Test
    void emailFlagsADisposableDomain() {
        Record r = record("EMAIL", "Joe@Mailinator.com");
        assertThat(CheckVerdicts.email(r, emailAnswer("Joe@Mailinator.com", "mailinator.com", true, true)))
                .isEqualTo(CheckOutcome.flag("email", "email: mailinator.com is a disposable-mail domain"));
    }

    @Test
    void emailWithStatusDelegatesOn200AndThrowsOtherwise() {
        Record r = record("email", "jane@example.com");
        assertThat(CheckVerdicts.email(r, 200, emailAnswer("jane@example.com", "example.com", true, false)))
                .isEqualTo(CheckOutcome.pass("email"));
        assertThatIllegalStateException().isThrownBy(() -> CheckVerdicts.email(r, 503, "{}"))
                .withMessageContaining("503");
    }

    @Test
    void emailThrowsOnAMalformedAnswer() {
        Record r = record("email", "jane@example.com");
        assertThatIllegalStateException().isThrownBy(() -> CheckVerdicts.email(r, "[]"));
        assertThatIllegalStateException().isThrownBy(() -> CheckVerdicts.email(r, "{\"syntaxValid\":\"yes\"}"));
    }

    // --- suppression

    @Test
    void suppressionFlagsAListedEmail() {
        assertThat(CheckVerdicts.suppression(record("email", "  jane@example.com "), 1))
                .isEqualTo(CheckOutcome.flag("suppression", "suppression: jane@example.com is on the do-not-mail list"));
    }

    @Test
    void suppressionPassesWithoutMatchesOrWithoutEmail() {
        assertThat(CheckVerdicts.suppression(record("email", "jane@example.com"), 0))
                .isEqualTo(CheckOutcome.pass("suppression"));
        assertThat(CheckVerdicts.suppression(record("id", "1"), 3))
                .isEqualTo(CheckOutcome.pass("suppression"));
    }
}
