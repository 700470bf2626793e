package io.fanout.app;

import org.apache.camel.model.AggregateDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RecipientListDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SplitDefinition;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in routes/ loads, and every route and every split, recipient list and aggregate has an id. */
class RouteFilesTest {

    @Test
    void everyRouteAndFanStepIsNamed(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of())) {
            List<RouteDefinition> routes = ((ModelCamelContext) app.context()).getRouteDefinitions();

            assertThat(routes).extracting(RouteDefinition::getRouteId).containsExactlyInAnyOrder(
                    "intake-file", "fan-out", "verify-record", "check-address", "check-email", "check-suppression",
                    "check-failed", "dead-letter", "fan-in", "write-report", "intake-http", "http-job",
                    "api-jobs", "api-job", "api-job-report", "api-job-dead-letters", "api-openapi", "api-only-get", "api-answer", "fan-out-item",
                    "web-index", "web-asset", "web-file", "call-address", "call-email", "call-suppression",
                    "run-job", "resume-jobs", "api-job-redrive",
                    "dispatch-record", "send-to-work-queue", "dispatch-failed", "take-verdict", "work-records", "take-verdicts", "take-undeliverable-records");
            // the local transport: the broker's routes are there (one set of route files) but do not start
            assertThat(List.of("work-records", "take-verdicts", "take-undeliverable-records"))
                    .allSatisfy(id -> assertThat(app.context().getRouteController().getRouteStatus(id)).isEqualTo(ServiceStatus.Stopped));
            assertThat(routes).allSatisfy(r -> assertThat(r.hasCustomIdAssigned()).as(r.getRouteId()).isTrue());
            List<ProcessorDefinition<?>> fanSteps = new ArrayList<>();
            routes.forEach(r -> collectFanSteps(r.getOutputs(), fanSteps));
            assertThat(fanSteps).extracting(ProcessorDefinition::getId)
                    .containsExactlyInAnyOrder("split-records", "split-records-one-at-a-time", "run-checks", "fan-in-aggregate",
                            "each-interrupted-job");
            assertThat(fanSteps).allSatisfy(s -> assertThat(s.hasCustomIdAssigned()).isTrue());
        }
    }

    @Test
    void aWorkerLoadsOnlyTheRoutesThatVerifyRecords(@TempDir Path dir) throws Exception {
        try (RunningApp app = RunningApp.start(dir, Map.of(
                "fanout.transport", "broker", "fanout.role", "worker",
                "fanout.broker.url", "tcp://127.0.0.1:" + RunningApp.freePort(),
                "fanout.db.url", "jdbc:h2:file:" + dir.resolve("db/fanout") + ";AUTO_SERVER=TRUE"))) {
            List<RouteDefinition> routes = ((ModelCamelContext) app.context()).getRouteDefinitions();

            assertThat(routes).extracting(RouteDefinition::getRouteId).containsExactlyInAnyOrder(
                    "work-records", "take-verdicts", "take-undeliverable-records", "verify-record",
                    "check-address", "check-email", "check-suppression", "check-failed", "call-address", "call-email", "call-suppression");
            assertThat(app.context().getRouteController().getRouteStatus("work-records")).isEqualTo(ServiceStatus.Started);
            assertThat(app.context().getRouteController().getRouteStatus("take-verdicts")).isEqualTo(ServiceStatus.Stopped);
            assertThat(app.context().getRegistry().lookupByName("demoServices")).as("no demo services on a worker").isNull();
            assertThat(app.context().resolvePropertyPlaceholders("{{camel.main.routes-reload-pattern}}"))
                    .as("an edited coordinator file is not loaded into a worker")
                    .isEqualTo("work-queue.yaml,verify-record.xml,error-handling.yaml,check-*.yaml,check-*.xml");
        }
    }

    private static void collectFanSteps(List<ProcessorDefinition<?>> outputs, List<ProcessorDefinition<?>> found) {
        for (ProcessorDefinition<?> step : outputs) {
            if (step instanceof SplitDefinition || step instanceof AggregateDefinition || step instanceof RecipientListDefinition) {
                found.add(step);
            }
            collectFanSteps(step.getOutputs(), found);
        }
    }
}
