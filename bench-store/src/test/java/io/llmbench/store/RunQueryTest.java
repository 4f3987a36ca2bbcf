package io.llmbench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbench.core.Traffic;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunQueryTest {
    @Test
    void rejectsABadPageNamingTheField() {
        assertThatThrownBy(() -> RunQuery.all().page(-1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset must be >= 0, but was -1");
        assertThatThrownBy(() -> RunQuery.all().page(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be >= 1, but was 0");
    }

    @Test
    void rejectsEmptyRangesFromTheBuilder() {
        assertThatThrownBy(() -> RunQuery.builder().trafficLevel(10, 2).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("minTrafficLevel must be <= maxTrafficLevel").hasMessageContaining("10.0 > 2.0");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> RunQuery.builder().startedBetween(t, t).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("startedFrom must be before startedBefore");
    }

    @Test
    void keepsFiltersWhenPaging() {
        RunQuery q = RunQuery.builder().model("m").label("team", "a").traffic(new Traffic(Traffic.Mode.RATE, 2)).build();
        RunQuery paged = q.page(20, 10);
        assertThat(paged.model()).isEqualTo("m");
        assertThat(paged.labels()).containsEntry("team", "a");
        assertThat(paged.trafficMode()).isEqualTo(Traffic.Mode.RATE);
        assertThat(paged.minTrafficLevel()).isEqualTo(2.0);
        assertThat(paged.maxTrafficLevel()).isEqualTo(2.0);
        assertThat(paged.offset()).isEqualTo(20);
        assertThat(paged.limit()).isEqualTo(10);
        assertThat(RunQuery.all().limit()).isEqualTo(RunQuery.UNLIMITED);
    }
}
