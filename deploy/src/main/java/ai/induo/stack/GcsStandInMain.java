package ai.induo.stack;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Google Cloud Storage stand-in ({@link GcsStandInServer}) on 127.0.0.1 until the process is
 * stopped, keeping objects below {@code --dir} so they survive a restart. Every bucket exists; clients
 * reach it with the Storage client's host set to the printed URL and no credentials.
 *
 * <pre>
 * java -cp 'deploy/target/stack-lib/*' ai.induo.stack.GcsStandInMain --dir .induo/gcs --port 4443
 * </pre>
 */
public final class GcsStandInMain {

    /** Printed, followed by the base URL, once the stand-in accepts connections. */
    public static final String READY_MARKER = "induo: gcs stand-in ready on";

    private static final String DIR = "dir";
    private static final String PORT = "port";

    private GcsStandInMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        CommandLineOptions options;
        int port;
        try {
            options = CommandLineOptions.parse(args, Set.of(DIR, PORT));
            port = options.requiredPort(PORT);
            options.requiredPath(DIR);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        GcsStandInServer server = GcsStandInServer.start(options.requiredPath(DIR), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "gcs-stand-in-shutdown"));
        System.out.println(READY_MARKER + " " + server.url());
        stopped.await();
    }
}
