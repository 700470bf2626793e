package io.fanout.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

import io.fanout.check.PostalCodes.Place;

class AddressRuleTest {

    private static final Place SPRINGFIELD = new Place("62704", "Springfield", "IL");
    private static final Place ST_LOUIS = new Place("63101", "Saint Louis", "MO");

    @Test
    void matchingCityAndStatePass() {
        assertThat(AddressRule.mismatch("Springfield", "IL", "62704", SPRINGFIELD)).isEmpty();
    }

    @Test
    void comparisonIgnoresCaseAndWhitespace() {
        assertThat(AddressRule.mismatch("  sPRINGFIELD ", " il", "62704", SPRINGFIELD)).isEmpty();
        assertThat(AddressRule.mismatch("saint   louis", "mo", "63101", ST_LOUIS)).isEmpty();
        assertThat(AddressRule.mismatch("Saint\tLouis", "MO", "63101", ST_LOUIS)).isEmpty();
    }

    @Test
    void cityDiffers() {
        assertThat(AddressRule.mismatch("Chicago", "IL", "62704", SPRINGFIELD))
                .contains("address: city 'Chicago' does not match 62704 (Springfield, IL)");
    }

    @Test
    void stateDiffers() {
        assertThat(AddressRule.mismatch("Springfield", "MO", "62704", SPRINGFIELD))
                .contains("address: state 'MO' does not match 62704 (Springfield, IL)");
    }

    @Test
    void bothDiffer() {
        assertThat(AddressRule.mismatch("X", "YY", "62704", SPRINGFIELD))
                .contains("address: city 'X' and state 'YY' do not match 62704 (Springfield, IL)");
    }

    @Test
    void quotesTheRecordValueTrimmedButOtherwiseAsWritten() {
        assertThat(AddressRule.mismatch("  spring   Field ", "IL", "62704", SPRINGFIELD))
                .contains("address: city 'spring   Field' does not match 62704 (Springfield, IL)");
    }

    @Test
    void namesTheKnownFiveDigitCodeForZipPlus4() {
        assertThat(AddressRule.mismatch("Springfield", "MO", "62704-1234", SPRINGFIELD))
                .contains("address: state 'MO' does not match 62704 (Springfield, IL)");
    }

    @Test
    void blankCityIsAMismatch() {
        assertThat(AddressRule.mismatch("", "IL", "62704", SPRINGFIELD))
                .contains("address: city '' does not match 62704 (Springfield, IL)");
        assertThat(AddressRule.mismatch("Springfield", null, "62704", SPRINGFIELD))
                .contains("address: state '' does not match 62704 (Springfield, IL)");
    }

    @Test
    void missingAndUnknownReasons() {
        assertThat(AddressRule.MISSING_POSTAL_CODE).isEqualTo("address: postal code is missing");
        assertThat(AddressRule.unknownPostalCode(" 99999 ")).isEqualTo("address: postal code '99999' is unknown");
    }

    @Test
    void requiresAKnownPlace() {
        assertThatNullPointerException().isThrownBy(() -> AddressRule.mismatch("a", "b", "c", null));
    }
}
