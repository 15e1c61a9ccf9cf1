package ai.induo.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessOutputTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void returnsAtTheReadyLineWhileTheProcessRunsOnAndKeepsCopyingItsOutput() throws Exception {
        Path log = dir.resolve("ready.log");
        Process process = new ProcessBuilder("sh", "-c",
                "echo starting; echo 'INFO: now serving on 1234'; read line; echo $line").redirectErrorStream(true).start();
        AtomicBoolean killed = new AtomicBoolean();
        try {
            ProcessOutput.awaitReady(process, log, "now serving on", TIMEOUT, "test server", () -> killed.set(true));

            assertThat(process.isAlive()).isTrue();
            process.getOutputStream().write("later line\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            assertThat(process.waitFor()).isZero();
            // Before destroyForcibly, which closes the process's output even after it ended: the pump reads it to the end
            await().atMost(TIMEOUT)
                    .untilAsserted(() -> assertThat(log).content().contains("starting", "now serving on 1234", "later line"));
        } finally {
            process.destroyForcibly();
        }
        assertThat(killed).isFalse();
    }

    @Test
    void aProcessThatEndsBeforeItsReadyLineFailsTheStartWithTheEndOfItsLog() throws IOException {
        Path log = dir.resolve("failed.log");
        Process process = new ProcessBuilder("sh", "-c",
                "echo 'Exception in thread main: Address already in use'; exit 3").redirectErrorStream(true).start();
        AtomicBoolean killed = new AtomicBoolean();

        assertThatThrownBy(() -> ProcessOutput.awaitReady(process, log, "now serving on", TIMEOUT, "test server",
                () -> killed.set(true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test server did not become ready")
                .hasMessageContaining("Address already in use");
        assertThat(killed).isTrue();
    }
}
