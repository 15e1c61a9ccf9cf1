package ai.induo.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

    @Test
    void aQueuedJobCanStartFailUndeliveredBeCancelledOrExpire() {
        assertThat(JobStatus.QUEUED.allowedNext())
                .containsExactlyInAnyOrder(JobStatus.RUNNING, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.EXPIRED);
    }

    @Test
    void aRunningJobCanFinishFailGoBackToTheQueueOrBeCancelled() {
        assertThat(JobStatus.RUNNING.allowedNext())
                .containsExactlyInAnyOrder(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.QUEUED, JobStatus.CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED"})
    void terminalStatesAreNeverLeft(JobStatus terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        for (JobStatus next : JobStatus.values()) {
            assertThat(terminal.canTransitionTo(next)).isFalse();
        }
    }

    @Test
    void aTransitionOffTheAllowListThrows() {
        assertThatThrownBy(() -> JobStatus.SUCCEEDED.checkTransitionTo(JobStatus.RUNNING))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("job cannot move from succeeded to running");
        assertThatThrownBy(() -> JobStatus.QUEUED.checkTransitionTo(JobStatus.SUCCEEDED))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> JobStatus.QUEUED.checkTransitionTo(JobStatus.QUEUED))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void statusesTravelAsLowerCaseNames() throws IOException {
        assertThat(Json.mapper().writeValueAsString(JobStatus.SUCCEEDED)).isEqualTo("\"succeeded\"");
        assertThat(Json.mapper().readValue("\"cancelled\"", JobStatus.class)).isEqualTo(JobStatus.CANCELLED);
        assertThatThrownBy(() -> JobStatus.fromWireName("done")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDocumentedStateDiagramMatchesTheAllowList() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "state-machine.md"));
        Map<JobStatus, Set<JobStatus>> documented = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            documented.put(status, EnumSet.noneOf(JobStatus.class));
        }
        Matcher arrow = Pattern.compile("^\\s+([a-z]+) --> ([a-z]+)", Pattern.MULTILINE).matcher(doc);
        while (arrow.find()) {
            documented.get(JobStatus.fromWireName(arrow.group(1))).add(JobStatus.fromWireName(arrow.group(2)));
        }
        for (JobStatus status : JobStatus.values()) {
            assertThat(documented.get(status)).as("arrows out of %s", status.wireName()).isEqualTo(status.allowedNext());
        }
    }
}
