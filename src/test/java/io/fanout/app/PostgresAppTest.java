package io.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on a real PostgreSQL server (started by the test, from Maven Central's binaries): the
 * schema is migrated, the do-not-mail list seeded, and a job's results stored there, each line once.
 */
class PostgresAppTest {

    @Test
    void theSampleOf2000CustomersRunsOnPostgres(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             RunningApp app = RunningApp.start(dir, Map.of(
                     "fanout.db.url", pg.getJdbcUrl("postgres", "postgres"),
                     "fanout.db.user", "postgres"))) {
            app.drop("customers-2000.csv", Files.readAllBytes(Path.of("samples/customers-2000.csv")));

            JsonNode summary = app.awaitSummary("customers-2000", Duration.ofSeconds(60));

            assertThat(FileJobTest.counts(summary)).isEqualTo(List.of(1997, 1807, 190, 0, 3, 0));
            assertThat(app.report("customers-2000").lines().skip(1)).hasSize(1997);
            assertThat(app.deadLetters("customers-2000")).extracting(d -> d.get("line").asLong()).containsExactly(334L, 1001L, 1667L);
            try (Connection c = pg.getPostgresDatabase().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT status, COUNT(*) FROM fanout_result GROUP BY status ORDER BY status")) {
                StringBuilder counts = new StringBuilder();
                while (rs.next()) counts.append(rs.getString(1)).append('=').append(rs.getLong(2)).append(' ');
                assertThat(counts.toString().trim()).isEqualTo("FLAGGED=190 MALFORMED=3 VERIFIED=1807");
            }
            assertThat(Http.json(app.http().get("/api/jobs/" + summary.get("job").asText())).get("status").asText())
                    .isEqualTo("COMPLETED_WITH_FAILURES");
        }
    }
}
