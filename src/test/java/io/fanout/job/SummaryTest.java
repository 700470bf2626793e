package io.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void speedupIsTaskTimeOverWallTime() {
        assertThat(Summary.speedup(1000, 400)).isEqualTo(2.5);
    }

    @Test
    void speedupIsRoundedDownToOneDecimal() {
        assertThat(Summary.speedup(1000, 300)).isEqualTo(3.3);
    }

    @Test
    void speedupIsRoundedUpToOneDecimal() {
        assertThat(Summary.speedup(2000, 300)).isEqualTo(6.7);
    }

    @Test
    void speedupRoundsAHalfUp() {
        assertThat(Summary.speedup(1050, 1000)).isEqualTo(1.1);
    }

    @Test
    void speedupWithZeroWallTimeDividesByOneMillisecond() {
        assertThat(Summary.speedup(500, 0)).isEqualTo(500.0);
    }

    @Test
    void speedupWithNoTimeAtAllIsZero() {
        assertThat(Summary.speedup(0, 0)).isEqualTo(0.0);
    }

    @Test
    void missingLinesAreCopiedAndUnmodifiable() {
        List<Long> lines = new ArrayList<>(List.of(3L, 5L));
        Summary summary = new Summary("j", "n", "l", "s", JobStatus.TIMED_OUT, 4, 2, 0, 0, 0, 2, lines, java.util.Map.of(), java.util.Map.of(),
                "2025-01-01T00:00:00Z", "2025-01-01T00:00:01Z", 1000, 0, 0.0, 4, 0);

        lines.add(9L);

        assertThat(summary.missingLines()).containsExactly(3L, 5L);
        assertThatThrownBy(() -> summary.missingLines().add(1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void redrivesIsWrittenLastAndReadBack() throws Exception {
        Summary summary = new Summary("j", "n", "l", "s", JobStatus.COMPLETED_WITH_FAILURES, 3, 2, 0, 1, 0, 0, List.of(),
                Map.of("email", 1L), Map.of("HTTP 503", 1L), "2025-01-01T00:00:00Z", "2025-01-01T00:00:01Z", 1000, 2500, 2.5, 4, 2);
        ObjectMapper json = new ObjectMapper();

        String written = json.writeValueAsString(summary);

        assertThat(written).endsWith(",\"concurrency\":4,\"redrives\":2}");
        assertThat(json.readValue(written, Summary.class)).isEqualTo(summary);
    }
}
