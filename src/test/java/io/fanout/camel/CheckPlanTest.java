package io.fanout.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fanout.check.CheckOutcome;
import io.fanout.job.Verdict;
import io.fanout.record.Record;

class CheckPlanTest {

    private static final String NO_CHECK = "fanout.checks names no check: give at least one, e.g. address,email,suppression";

    @Test
    void parseTrimsTheNames() {
        assertThat(CheckPlan.parse(" address, email ,suppression").names())
                .containsExactly("address", "email", "suppression");
    }

    @Test
    void parseDropsBlankNames() {
        assertThat(CheckPlan.parse("address,, ,email,").names()).containsExactly("address", "email");
    }

    @Test
    void parseOfOnlyBlanksIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> CheckPlan.parse(" , ,")).withMessage(NO_CHECK);
    }

    @Test
    void parseOfAnEmptyStringIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> CheckPlan.parse("")).withMessage(NO_CHECK);
    }

    @Test
    void anEmptyListIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CheckPlan(List.of())).withMessage(NO_CHECK);
    }

    @Test
    void endpointsAreTheDirectRoutesOfTheChecksInOrder() {
        assertThat(CheckPlan.parse("address, email, suppression").endpoints())
                .isEqualTo("direct:check-address,direct:check-email,direct:check-suppression");
    }

    @Test
    void endpointsOfASingleCheckIsOneRoute() {
        assertThat(CheckPlan.parse("email").endpoints()).isEqualTo("direct:check-email");
    }

    @Test
    void verdictDecidesOverThePlansChecks() {
        Record record = new Record(2, new LinkedHashMap<>(), "raw");
        CheckPlan plan = CheckPlan.parse("address,email");

        Verdict verdict = plan.verdict(record, List.of(CheckOutcome.pass("address")));

        assertThat(verdict).isEqualTo(Verdict.decide(record, List.of(CheckOutcome.pass("address")),
                List.of("address", "email")));
        assertThat(verdict.status()).isEqualTo(Verdict.Status.FAILED);
    }
}
