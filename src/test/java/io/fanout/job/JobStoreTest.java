package io.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Set;

import org.junit.jupiter.api.Test;

class JobStoreTest {

    /** A clock that stands still until the test moves it. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final JobStore store = new JobStore(clock);

    @Test
    void openGivesATwelveCharacterHexId() {
        Job job = store.open(id -> "customers-" + id, "customers.csv", "file:customers.csv", 4);

        assertThat(job.id()).hasSize(12).matches("[0-9a-f]{12}");
    }

    @Test
    void openGivesEveryJobItsOwnId() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(store.open(id -> id, "job" + i, "http", 1).id());
        }

        assertThat(ids).hasSize(200);
    }

    @Test
    void openStartsARunningJobAtTheClocksTime() {
        Job job = store.open(id -> "customers-" + id, "customers.csv", "file:customers.csv", 4);

        assertThat(job.label()).isEqualTo("customers.csv");
        assertThat(job.source()).isEqualTo("file:customers.csv");
        assertThat(job.startedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void openNamesTheJobFromItsId() {
        Job job = store.open(id -> "customers-" + id, "customers.csv", "file:customers.csv", 4);

        assertThat(job.name()).isEqualTo("customers-" + job.id());
    }

    @Test
    void openKeepsTheConcurrency() {
        Job job = store.open(id -> "customers-" + id, "customers.csv", "file:customers.csv", 4);

        assertThat(job.concurrency()).isEqualTo(4);
    }

    @Test
    void findReturnsAnOpenedJob() {
        Job job = store.open(id -> "customers-" + id, "customers.csv", "file:customers.csv", 4);

        assertThat(store.find(job.id())).containsSame(job);
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(store.find("000000000000")).isEmpty();
    }

    @Test
    void getReturnsAnOpenedJob() {
        Job job = store.open(id -> "customers-" + id, "customers.csv", "file:customers.csv", 4);

        assertThat(store.get(job.id())).isSameAs(job);
    }

    @Test
    void getOfAnUnknownIdThrowsNamingTheId() {
        assertThatThrownBy(() -> store.get("deadbeef0000"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no job deadbeef0000");
    }

    @Test
    void recentListsNewestFirst() {
        Job first = store.open(id -> id, "first", "http", 1);
        clock.advance(Duration.ofSeconds(1));
        Job second = store.open(id -> id, "second", "http", 1);
        clock.advance(Duration.ofMinutes(5));
        Job third = store.open(id -> id, "third", "http", 1);

        assertThat(store.recent()).containsExactly(third, second, first);
    }

    @Test
    void recentOfAnEmptyStoreIsEmpty() {
        assertThat(store.recent()).isEmpty();
    }

    @Test
    void clockIsTheOneGiven() {
        assertThat(store.clock()).isSameAs(clock);
    }
}
