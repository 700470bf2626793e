package io.fanout.check;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fanout.check.PostalCodes.Place;
import io.fanout.record.Record;

/**
 * Turns what a verification service answered into a {@link CheckOutcome}. Pure: no I/O, no clock; attempts and
 * elapsed time are left for the caller to set. An answer the caller should retry (or report as ERROR) makes
 * these methods throw {@link IllegalStateException}.
 */
public final class CheckVerdicts {

    public static final String ADDRESS = "address";
    public static final String EMAIL = "email";
    public static final String SUPPRESSION = "suppression";

    public static final String EMAIL_MISSING = "email: missing";

    /** The record fields, in order of preference, that hold the postal code ({@code record.field(...)}). Do not modify. */
    public static final String[] POSTAL_CODE_FIELDS = {"postal_code", "zip"};
    /** The record field that holds the email address. Do not modify. */
    public static final String[] EMAIL_FIELDS = {"email"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckVerdicts() {
    }

    /** The record's postal code as written, trimmed ("" if absent); the field the address check looks at. */
    public static String postalCodeOf(Record r) {
        return r.field(POSTAL_CODE_FIELDS);
    }

    /** The record's email as written, trimmed ("" if absent); the field the email and suppression checks use. */
    public static String emailOf(Record r) {
        return r.field(EMAIL_FIELDS);
    }

    /**
     * The address verdict from the address service's answer: no postal code in the record → FLAG (whatever the
     * status); 404 → FLAG unknown; 200 {@code {"postalCode","city","state"}} → PASS or FLAG by {@link AddressRule}.
     *
     * @throws IllegalStateException on any other status, or a 200 whose body is not the expected JSON
     */
    public static CheckOutcome address(Record r, int httpStatus, String jsonBody) {
        String postalCode = postalCodeOf(r);
        if (postalCode.isEmpty()) {
            return CheckOutcome.flag(ADDRESS, AddressRule.MISSING_POSTAL_CODE);
        }
        if (httpStatus == 404) {
            return CheckOutcome.flag(ADDRESS, AddressRule.unknownPostalCode(postalCode));
        }
        if (httpStatus != 200) {
            throw new IllegalStateException("address service answered HTTP " + httpStatus);
        }
        JsonNode body = parse(ADDRESS, jsonBody);
        Place known = new Place(text(body, "postalCode"), text(body, "city"), text(body, "state"));
        Optional<String> mismatch = AddressRule.mismatch(r.field("city"), r.field("state"), postalCode, known);
        return mismatch.map(reason -> CheckOutcome.flag(ADDRESS, reason)).orElseGet(() -> CheckOutcome.pass(ADDRESS));
    }

    /**
     * The email verdict from a 200 answer {@code {"address","domain","syntaxValid","disposable"}} of the email
     * service: no email in the record → FLAG missing; not syntactically valid → FLAG; disposable domain → FLAG;
     * else PASS.
     *
     * @throws IllegalStateException if the body is not the expected JSON
     */
    public static CheckOutcome email(Record r, String jsonBody) {
        String email = emailOf(r);
        if (email.isEmpty()) {
            return CheckOutcome.flag(EMAIL, EMAIL_MISSING);
        }
        JsonNode body = parse(EMAIL, jsonBody);
        if (!bool(body, "syntaxValid")) {
            return CheckOutcome.flag(EMAIL, "email: '" + email + "' is not a valid address");
        }
        if (bool(body, "disposable")) {
            String domain = body.path("domain").asText("");
            if (domain.isBlank()) {
                domain = EmailRules.domain(email);
            }
            return CheckOutcome.flag(EMAIL, "email: " + domain + " is a disposable-mail domain");
        }
        return CheckOutcome.pass(EMAIL);
    }

    /**
     * As {@link #email(Record, String)} for a 200 answer; a record without email is FLAG whatever the status.
     *
     * @throws IllegalStateException on any other status (the caller retries those)
     */
    public static CheckOutcome email(Record r, int httpStatus, String jsonBody) {
        if (emailOf(r).isEmpty()) {
            return CheckOutcome.flag(EMAIL, EMAIL_MISSING);
        }
        if (httpStatus != 200) {
            throw new IllegalStateException("email service answered HTTP " + httpStatus);
        }
        return email(r, jsonBody);
    }

    /** The suppression verdict: FLAG when the record's email matched the do-not-mail list; PASS without email. */
    public static CheckOutcome suppression(Record r, long matches) {
        String email = emailOf(r);
        if (email.isEmpty() || matches <= 0) {
            return CheckOutcome.pass(SUPPRESSION);
        }
        return CheckOutcome.flag(SUPPRESSION, "suppression: " + email + " is on the do-not-mail list");
    }

    private static JsonNode parse(String check, String jsonBody) {
        try {
            JsonNode node = jsonBody == null ? null : JSON.readTree(jsonBody);
            if (node == null || !node.isObject()) {
                throw new IllegalStateException(check + " service answered a body that is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(check + " service answered malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalStateException("address service answer lacks text field '" + field + "'");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isBoolean()) {
            throw new IllegalStateException("email service answer lacks boolean field '" + field + "'");
        }
        return value.booleanValue();
    }
}
