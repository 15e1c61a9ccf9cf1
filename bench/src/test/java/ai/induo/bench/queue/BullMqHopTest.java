package ai.induo.bench.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BullMqHopTest {

    @Test
    void installsThePinnedBullMqIntoItsOwnDirectory() {
        assertThat(BullMqHop.npmInstallCommand(Path.of("/w/bullmq")))
                .containsExactly("npm", "install", "--prefix", "/w/bullmq", "--no-audit", "--no-fund",
                        "--loglevel", "error", "bullmq@" + BullMqHop.BULLMQ_VERSION);
    }

    @Test
    void runsTheScriptWithTheSameLoadAsTheOtherQueues() {
        assertThat(BullMqHop.nodeCommand(Path.of("/w/bullmq/bullmq-hop.mjs"), 6390, new HopSettings(2000, 8, 4)))
                .containsExactly("node", "/w/bullmq/bullmq-hop.mjs", "--port", "6390", "--messages", "2000",
                        "--publishers", "8", "--in-flight", "4");
    }

    @Test
    void readsTheScriptsLatenciesIntoTheSamePercentilesAsTheJavaHop() throws IOException {
        HopFigures figures = BullMqHop.parse("{\"received\": 4, \"seconds\": 0.5,"
                + " \"latencies_ns\": [1000000, 2000000, 3000000, 40000000]}");

        assertThat(figures.received()).isEqualTo(4);
        assertThat(figures.jobsPerSecond()).isEqualTo(8.0);
        assertThat(figures.latencies().percentileMillis(50)).isEqualTo(2.0);
        assertThat(figures.latencies().percentileMillis(99)).isEqualTo(40.0);
    }
}
