package ai.induo.bench.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void offersRateTimesDurationJobsEvenlySpacedFromTheStart() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(20, Duration.ofSeconds(4));

        assertThat(schedule.count()).isEqualTo(80);
        assertThat(schedule.dueNanos(0)).isZero();
        assertThat(schedule.dueNanos(1)).isEqualTo(50_000_000L);
        assertThat(schedule.dueNanos(79)).isEqualTo(3_950_000_000L);
    }

    @Test
    void aFractionalRateRoundsEachDueTimeToTheNearestNanosecondAndCountsEveryDueTimeBeforeTheEnd() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(3, Duration.ofMillis(1500));

        assertThat(schedule.count()).isEqualTo(5);
        assertThat(schedule.dueNanos(1)).isEqualTo(333_333_333L);
        assertThat(schedule.dueNanos(2)).isEqualTo(666_666_667L);
        assertThat(new OpenLoopSchedule(7.5, Duration.ofMinutes(1)).count()).isEqualTo(450);
    }

    @Test
    void runFiresEveryJobInOrderAndNoneBeforeItsTime() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(200, Duration.ofMillis(50));
        List<Long> fired = new ArrayList<>();
        long start = System.nanoTime();

        schedule.run(i -> fired.add(System.nanoTime() - start));

        assertThat(fired).hasSize(10);
        for (int i = 0; i < fired.size(); i++) {
            assertThat(fired.get(i)).isGreaterThanOrEqualTo(schedule.dueNanos(i));
        }
    }

    @Test
    void refusesARateOfZero() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
