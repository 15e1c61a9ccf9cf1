package ai.induo.common.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsCarryTheirTypePrefixAndAreValid() {
        String id = Ids.newId(Ids.JOB, Instant.now());
        assertThat(id).matches("job_[0-9a-z]{26}");
        assertThat(Ids.isValid(Ids.JOB, id)).isTrue();
        assertThat(Ids.isValid(Ids.ACCOUNT, id)).isFalse();
        assertThat(Ids.isValid(Ids.JOB, "job_../../etc/passwd")).isFalse();
    }

    @Test
    void anIdTellsWhenItWasMade() {
        Instant at = Instant.parse("2026-12-03T23:59:58.123Z");
        assertThat(Ids.createdAt(Ids.JOB, Ids.newId(Ids.JOB, at))).contains(at);
        assertThat(Ids.createdAt(Ids.JOB, Ids.newId(Ids.ACCOUNT, at))).isEmpty();
        assertThat(Ids.createdAt(Ids.JOB, "job_not-an-id")).isEmpty();
    }

    @Test
    void laterIdsSortAfterEarlierOnes() {
        String earlier = Ids.newId(Ids.JOB, Instant.parse("2026-01-01T00:00:00Z"));
        String later = Ids.newId(Ids.JOB, Instant.parse("2026-01-01T00:00:00.001Z"));
        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void idsMadeInTheSameMillisecondDoNotCollide() {
        Instant now = Instant.now();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.newId(Ids.JOB, now));
        }
        assertThat(ids).hasSize(10_000);
    }
}
