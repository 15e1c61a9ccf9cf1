package ai.induo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.gateway.crypto.MasterKeyRotationCommand;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** The gateway started as {@code ./induo rotate-master-key} starts it: it runs the command and exits. */
@QuarkusMainTest
class GatewayMainTest {

    @Test
    @Launch(MasterKeyRotationCommand.NAME)
    void rotateMasterKeyRunsTheRotationReportsAndExits(LaunchResult result) {
        assertThat(result.getOutput())
                .contains("re-wrapped under master key mk_")
                .contains("account keys: 0 re-wrapped, 0 already under it")
                .contains("every secret is under");
    }

    @Test
    @Launch(value = "rotate-everything", exitCode = GatewayMain.USAGE)
    void anUnknownCommandIsAUsageErrorAndChangesNothing(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("usage:").contains(MasterKeyRotationCommand.NAME);
    }
}
