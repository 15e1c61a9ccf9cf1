package ai.induo.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessTest {

    @TempDir
    Path dir;

    private String configuredStackLib;

    @BeforeEach
    void rememberStackLib() {
        configuredStackLib = System.getProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY);
    }

    @AfterEach
    void restoreStackLib() {
        if (configuredStackLib == null) {
            System.clearProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY);
        } else {
            System.setProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY, configuredStackLib);
        }
    }

    @Test
    void stackLibWithoutTheBrokerJarsIsReportedWithTheFix() {
        System.setProperty(KafkaBrokerProcess.STACK_LIB_PROPERTY, dir.resolve("empty").toString());

        assertThatThrownBy(() -> KafkaBrokerProcess.start(dir.resolve("data")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("empty").toString())
                .hasMessageContaining("run mvn package first");
    }
}
