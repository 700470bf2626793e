package io.fanout.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentTest {

    @Test
    void whatEachRoleDoes() {
        Deployment local = Deployment.of("all", "local");
        assertThat(local.coordinates()).isTrue();
        assertThat(local.consumesWorkQueue()).isFalse();
        assertThat(local.consumesVerdicts()).isFalse();

        Deployment all = Deployment.of("ALL", " broker ");
        assertThat(all.consumesWorkQueue()).isTrue();
        assertThat(all.consumesVerdicts()).isTrue();

        Deployment coordinator = Deployment.of("coordinator", "broker");
        assertThat(coordinator.coordinates()).isTrue();
        assertThat(coordinator.consumesWorkQueue()).isFalse();
        assertThat(coordinator.consumesVerdicts()).isTrue();

        Deployment worker = Deployment.of("worker", "broker");
        assertThat(worker.coordinates()).isFalse();
        assertThat(worker.consumesWorkQueue()).isTrue();
        assertThat(worker.consumesVerdicts()).isFalse();
    }

    @Test
    void wrongWordsAndImpossibleCombinationsSayWhatWouldDo() {
        assertThatThrownBy(() -> Deployment.of("workers", "broker"))
                .hasMessage("fanout.role must be one of all, coordinator, worker, not 'workers'");
        assertThatThrownBy(() -> Deployment.of("all", "kafka"))
                .hasMessage("fanout.transport must be one of local, broker, not 'kafka'");
        assertThatThrownBy(() -> Deployment.of("worker", "local"))
                .hasMessageStartingWith("fanout.role=worker needs fanout.transport=broker");
    }

    @Test
    void virtualThreadsAreRefusedWithTheReason() {
        Deployment.refuseVirtualThreads(false);
        assertThatThrownBy(() -> Deployment.refuseVirtualThreads(true))
                .hasMessageStartingWith("camel.threads.virtual.enabled=true is not supported: Camel's thread pools become unbounded");
    }

    @Test
    void overABrokerAWorkerRefusesADatabaseOnlyOneProcessCanOpen() {
        Deployment worker = Deployment.of("worker", "broker");
        assertThatThrownBy(() -> FanoutConfiguration.requireSharedDatabase(worker, "jdbc:h2:file:./data/db/fanout"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only one process can open").hasMessageContaining(";AUTO_SERVER=TRUE");
        assertThatThrownBy(() -> FanoutConfiguration.requireSharedDatabase(worker, "jdbc:h2:mem:x"))
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> FanoutConfiguration.requireSharedDatabase(worker, "jdbc:h2:file:./data/db/fanout;AUTO_SERVER=TRUE")).doesNotThrowAnyException();
        assertThatCode(() -> FanoutConfiguration.requireSharedDatabase(worker, "jdbc:postgresql://db/fanout")).doesNotThrowAnyException();
        // a coordinator only warns (its own worker, fanout.role=all, shares its process); locally nothing is shared
        assertThatCode(() -> FanoutConfiguration.requireSharedDatabase(Deployment.of("all", "broker"), "jdbc:h2:file:./x")).doesNotThrowAnyException();
        assertThatCode(() -> FanoutConfiguration.requireSharedDatabase(Deployment.of("all", "local"), "jdbc:h2:mem:x")).doesNotThrowAnyException();
    }
}
