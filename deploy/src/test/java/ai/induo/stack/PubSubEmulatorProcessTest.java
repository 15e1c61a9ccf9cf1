package ai.induo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PubSubEmulatorProcessTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void emulatorAnswersOnItsPortUntilStoppedAndAgainAfterARestart() {
        try (PubSubEmulatorProcess emulator = PubSubEmulatorProcess.start()) {
            assertThat(emulator.hostPort()).startsWith("127.0.0.1:");
            assertThat(accepts(emulator.hostPort())).isTrue();

            emulator.stop();
            assertThat(accepts(emulator.hostPort())).isFalse();

            emulator.restart();
            assertThat(accepts(emulator.hostPort())).isTrue();
        }
    }

    private static boolean accepts(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
