package io.fanout.check;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.fanout.check.PostalCodes.Place;

/**
 * Whether a record's city and state agree with the known place for its postal code. Pure; no I/O.
 * Values compare ignoring case, surrounding whitespace and the width of inner whitespace runs.
 */
public final class AddressRule {

    /** Reason when the record has no postal code. */
    public static final String MISSING_POSTAL_CODE = "address: postal code is missing";

    private AddressRule() {
    }

    /** Reason when the postal code is not in the reference data; quotes {@code postalCode} as written, trimmed. */
    public static String unknownPostalCode(String postalCode) {
        return "address: postal code '" + trim(postalCode) + "' is unknown";
    }

    /**
     * The reason the record's {@code city} and {@code state} do not match {@code known}, or empty when both match.
     * A blank city or state counts as a mismatch: the check cannot confirm it.
     *
     * @param postalCode the record's postal code; only for symmetry with the record, the reason names
     *                   {@code known.postalCode()} (the normalized code the place was found under)
     */
    public static Optional<String> mismatch(String city, String state, String postalCode, Place known) {
        Objects.requireNonNull(known, "known");
        boolean cityDiffers = !canonical(city).equals(canonical(known.city()));
        boolean stateDiffers = !canonical(state).equals(canonical(known.state()));
        String place = known.postalCode() + " (" + known.city() + ", " + known.state() + ")";
        if (cityDiffers && stateDiffers) {
            return Optional.of("address: city '" + trim(city) + "' and state '" + trim(state)
                    + "' do not match " + place);
        }
        if (cityDiffers) {
            return Optional.of("address: city '" + trim(city) + "' does not match " + place);
        }
        if (stateDiffers) {
            return Optional.of("address: state '" + trim(state) + "' does not match " + place);
        }
        return Optional.empty();
    }

    private static String canonical(String value) {
        return trim(value).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
