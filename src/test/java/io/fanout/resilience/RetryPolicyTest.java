package io.fanout.resilience;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(5, 200, 2, 1000, 0.2);

    @Test
    void backoffGrowsByTheMultiplierUpToTheLongestDelay() {
        assertThat(policy.backoffMs(1, () -> 0.5)).isEqualTo(200);
        assertThat(policy.backoffMs(2, () -> 0.5)).isEqualTo(400);
        assertThat(policy.backoffMs(3, () -> 0.5)).isEqualTo(800);
        assertThat(policy.backoffMs(4, () -> 0.5)).isEqualTo(1000);
    }

    @Test
    void jitterSpreadsTheDelayBothWays() {
        assertThat(policy.backoffMs(1, () -> 0.0)).isEqualTo(160);
        assertThat(policy.backoffMs(1, () -> 0.999999)).isEqualTo(240);
    }

    @Test
    void jitterNeverGoesPastTheLongestDelay() {
        assertThat(policy.backoffMs(9, () -> 0.999999)).isEqualTo(1000);
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheAllowedRange() {
        assertThatThrownBy(() -> new RetryPolicy(-1, 1, 1, 1, 0)).hasMessage("retries must be 0 or more, not -1");
        assertThatThrownBy(() -> new RetryPolicy(1, 1, 0.5, 1, 0)).hasMessage("the backoff multiplier must be 1 or more, not 0.5");
        assertThatThrownBy(() -> new RetryPolicy(1, 100, 2, 50, 0)).hasMessage("the longest retry delay (50 ms) must be at least the first (100 ms)");
        assertThatThrownBy(() -> new RetryPolicy(1, 1, 1, 1, 1.5)).hasMessage("jitter must be between 0 and 1, not 1.5");
    }
}
