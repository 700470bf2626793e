package io.fanout.resilience;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoundTripAimdLimitTest {

    @Test
    void aDropShrinksTheLimitByTheBackoff() {
        RoundTripAimdLimit limit = new RoundTripAimdLimit(20, 1, 50, 0.5);
        limit.onSample(100, 10, 20, true);
        assertThat(limit.getLimit()).isEqualTo(10);
    }

    @Test
    void dropsOfCallsAlreadyInFlightAtTheLastDecreaseAreOneEvent() {
        RoundTripAimdLimit limit = new RoundTripAimdLimit(20, 1, 50, 0.5);
        limit.onSample(100, 10, 20, true);   // decrease; its call ended at 110
        limit.onSample(105, 10, 20, true);   // started before 110: same event
        limit.onSample(109, 10, 20, true);
        assertThat(limit.getLimit()).isEqualTo(10);
        limit.onSample(111, 10, 20, true);   // started after: a new event
        assertThat(limit.getLimit()).isEqualTo(5);
    }

    @Test
    void successesGrowTheLimitByAboutOnePerRoundTrip() {
        RoundTripAimdLimit limit = new RoundTripAimdLimit(10, 1, 50, 0.5);
        for (int i = 0; i < 10; i++) limit.onSample(i, 1, 10, false);
        assertThat(limit.getLimit()).isEqualTo(10);
        for (int i = 0; i < 2; i++) limit.onSample(i, 1, 10, false);
        assertThat(limit.getLimit()).isEqualTo(11);
    }

    @Test
    void anIdleLimitDoesNotGrow() {
        RoundTripAimdLimit limit = new RoundTripAimdLimit(10, 1, 50, 0.5);
        for (int i = 0; i < 100; i++) limit.onSample(i, 1, 2, false);
        assertThat(limit.getLimit()).isEqualTo(10);
    }

    @Test
    void theLimitStaysBetweenItsFloorAndCeiling() {
        RoundTripAimdLimit limit = new RoundTripAimdLimit(4, 3, 5, 0.5);
        limit.onSample(100, 1, 4, true);
        assertThat(limit.getLimit()).isEqualTo(3);
        for (int i = 0; i < 100; i++) limit.onSample(200 + i, 1, 5, false);
        assertThat(limit.getLimit()).isEqualTo(5);
    }

    @Test
    void boundsOutOfOrderAreRefused() {
        assertThatThrownBy(() -> new RoundTripAimdLimit(10, 20, 50, 0.5)).hasMessageContaining("min (20) <= initial (10)");
        assertThatThrownBy(() -> new RoundTripAimdLimit(10, 1, 50, 1.0)).hasMessage("backoff must be between 0 and 1, not 1.0");
    }
}
