package io.fanout.camel;

import io.fanout.check.CheckOutcome;
import io.fanout.check.CheckVerdicts;
import io.fanout.check.PostalCodes;
import io.fanout.record.Record;
import io.fanout.resilience.RejectedCallException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

/** The steps of the check routes (bean "checks"): build each request from the record, judge each answer. */
public final class CheckSteps {

    public String addressQuery(@ExchangeProperty(CheckPlan.RECORD) Record record) {
        return "postalCode=" + encode(PostalCodes.normalize(record.field(CheckVerdicts.POSTAL_CODE_FIELDS)));
    }

    public String emailQuery(@ExchangeProperty(CheckPlan.RECORD) Record record) {
        return "address=" + encode(emailAddress(record));
    }

    public String emailAddress(@ExchangeProperty(CheckPlan.RECORD) Record record) {
        return record.field(CheckVerdicts.EMAIL_FIELDS);
    }

    /**
     * The suppression query's named parameters ({@code :#email}), as the body: camel-sql looks a parameter up in a Map
     * body first, and asks the type converter to make a Map of any other body (a costly miss on every record).
     */
    public Map<String, Object> suppressionParameters(@ExchangeProperty(CheckPlan.RECORD) Record record) {
        return Collections.singletonMap("email", emailAddress(record));
    }

    public CheckOutcome address(@ExchangeProperty(CheckPlan.RECORD) Record record, @Header(Exchange.HTTP_RESPONSE_CODE) int status,
                                @Header(Exchange.HTTP_RESPONSE_TEXT) String statusText, @Body String body) {
        if (status != 404) refuseClientErrors(status, statusText);  // 404: an unknown postal code
        return CheckVerdicts.address(record, status, body);
    }

    public CheckOutcome email(@ExchangeProperty(CheckPlan.RECORD) Record record, @Header(Exchange.HTTP_RESPONSE_CODE) int status,
                              @Header(Exchange.HTTP_RESPONSE_TEXT) String statusText, @Body String body) {
        refuseClientErrors(status, statusText);
        return CheckVerdicts.email(record, body);
    }

    /** A 4xx answer (429 aside, which the call already failed on) means the request is wrong: no retry can help. */
    private static void refuseClientErrors(int status, String statusText) {
        if (status >= 400 && status < 500) throw new RejectedCallException(status, statusText);
    }

    public CheckOutcome suppression(@ExchangeProperty(CheckPlan.RECORD) Record record, @Body Long matches) {
        return CheckVerdicts.suppression(record, matches == null ? 0 : matches);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
