package ai.induo.gateway;

import ai.induo.gateway.crypto.MasterKeyRotationCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * The gateway's entry point: without arguments it serves until it is stopped; with a command it
 * runs that command and exits with its status. Commands: {@value #ROTATE_MASTER_KEY}
 * ({@link MasterKeyRotationCommand}).
 */
@QuarkusMain
public class GatewayMain implements QuarkusApplication {

    /** Re-wraps every secret under the current master key. */
    public static final String ROTATE_MASTER_KEY = "rotate-master-key";
    /** The exit status of an unknown command. */
    public static final int USAGE = 2;

    @Inject
    MasterKeyRotationCommand rotation;

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (args.length == 1 && args[0].equals(ROTATE_MASTER_KEY)) {
            return rotation.run(System.out);
        }
        System.err.println("usage: java -jar quarkus-run.jar [" + ROTATE_MASTER_KEY + "]");
        return USAGE;
    }
}
