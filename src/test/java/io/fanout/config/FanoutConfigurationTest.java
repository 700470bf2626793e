package io.fanout.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FanoutConfigurationTest {

    @Test
    void withoutAKeyTheApiMayListenOnLoopbackOnly() {
        assertThatCode(() -> FanoutConfiguration.requireKeyBeyondLoopback("", "127.0.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> FanoutConfiguration.requireKeyBeyondLoopback("", "localhost")).doesNotThrowAnyException();
        assertThatThrownBy(() -> FanoutConfiguration.requireKeyBeyondLoopback("", "0.0.0.0"))
                .hasMessage("fanout.http.host=0.0.0.0 would open the jobs API beyond this machine without a key: "
                        + "set fanout.api-key, or keep fanout.http.host on 127.0.0.1");
    }

    @Test
    void withAKeyTheApiMayListenAnywhere() {
        assertThatCode(() -> FanoutConfiguration.requireKeyBeyondLoopback("s3cret", "0.0.0.0")).doesNotThrowAnyException();
    }
}
