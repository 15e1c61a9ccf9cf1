package ai.induo.stack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's mail server: an SMTP server (GreenMail) on 127.0.0.1 that takes every message and
 * writes it as an {@code .eml} file into {@code --dir} ({@link MailSinkFiles}), until the process is
 * stopped. No message leaves the machine.
 *
 * <pre>
 * java -cp 'deploy/target/stack-lib/*' ai.induo.stack.MailSinkMain --port 2525 --dir .induo/mail
 * </pre>
 */
public final class MailSinkMain {

    /** Printed once the server accepts connections. */
    public static final String READY_MARKER = "induo: mail sink ready on";

    private static final String PORT = "port";
    private static final String DIR = "dir";
    private static final String HOST = "127.0.0.1";

    private MailSinkMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        StackRuntime.useStackLogging();
        int port;
        Path dir;
        try {
            CommandLineOptions options = CommandLineOptions.parse(args, Set.of(PORT, DIR));
            port = options.requiredPort(PORT);
            dir = options.requiredPath(DIR);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Files.createDirectories(dir);
        GreenMail server = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP));
        server.getUserManager().setMessageDeliveryHandler(new MailSinkFiles(dir, server.getUserManager()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "mail-sink-shutdown"));
        server.start();
        System.out.println(READY_MARKER + " smtp://" + HOST + ":" + port + ", writing to " + dir.toAbsolutePath());
        stopped.await();
    }
}
