package ai.induo.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalStackTest {

    @Test
    void movesEveryPortThatTheInduoScriptListensOn() throws IOException {
        String script = Files.readString(Path.of("../induo"), StandardCharsets.UTF_8);

        assertThat(LocalStack.portVariables(script)).contains("INDUO_KAFKA_PORT", "INDUO_KAFKA_CONTROLLER_PORT",
                "INDUO_MONGO_PORT", "INDUO_SMTP_PORT", "INDUO_GATEWAY_PORT", "INDUO_GATEWAY_MANAGEMENT_PORT",
                "INDUO_WORKER_MANAGEMENT_PORT", "INDUO_PUBSUB_PORT", "INDUO_GCS_PORT", "INDUO_GATEWAY_TLS_PORT");
    }

    @Test
    void readsOnlyPortSettingsFromTheScript() {
        String script = "KAFKA_PORT=\"${INDUO_KAFKA_PORT:-9092}\"\nSTART_TIMEOUT_S=\"${INDUO_START_TIMEOUT_S:-120}\"\n";

        assertThat(LocalStack.portVariables(script)).containsExactly("INDUO_KAFKA_PORT");
    }
}
