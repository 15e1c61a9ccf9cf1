package ai.induo.gateway;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) on a free 127.0.0.1 port for the gateway's mail: it accepts every
 * message and keeps it for the test to read. {@link #stopServer()} and {@link #restartServer()} stand for
 * an outage of the mail provider.
 */
public class SmtpServerResource implements QuarkusTestResourceLifecycleManager {

    private static final String HOST = "127.0.0.1";
    private static final int ANY_FREE_PORT = 0;

    private static volatile GreenMail server;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        startOn(ANY_FREE_PORT);
        port = server.getSmtp().getPort();
        return Map.of("quarkus.mailer.host", HOST, "quarkus.mailer.port", Integer.toString(port));
    }

    private static void startOn(int smtpPort) {
        GreenMail started = new GreenMail(new ServerSetup(smtpPort, HOST, ServerSetup.PROTOCOL_SMTP));
        started.start();
        server = started;
    }

    /** Every message the server accepted since it started. */
    public static List<MimeMessage> received() {
        return List.of(server.getReceivedMessages());
    }

    /** Stops the server: connections drop and new ones are refused. */
    public static synchronized void stopServer() {
        server.stop();
    }

    /** Serves again on the same port, with no message kept from before. */
    public static synchronized void restartServer() {
        startOn(port);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
