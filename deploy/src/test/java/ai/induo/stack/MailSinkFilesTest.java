package ai.induo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's mail sink writes every message it receives over SMTP as an .eml file per recipient. */
class MailSinkFilesTest {

    @TempDir
    Path dir;

    @Test
    void everyMessageReceivedBecomesAnEmlFilePerRecipient() throws IOException {
        ServerSetup smtp = new ServerSetup(Ports.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail server = new GreenMail(smtp);
        server.getUserManager().setMessageDeliveryHandler(new MailSinkFiles(dir, server.getUserManager()));
        server.start();
        try {
            GreenMailUtil.sendTextEmail("dev@acme.example", "privacy@induo.ai", "Changes (version 2026-12-03)",
                    "What changed: outputs are kept 24 hours.", smtp);
            GreenMailUtil.sendTextEmail("ops@acme.example", "privacy@induo.ai", "Second", "Another.", smtp);
        } finally {
            server.stop();
        }

        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.sorted().toList();
        }
        assertThat(files).hasSize(2);
        assertThat(files.get(0).getFileName().toString()).endsWith("-1-dev@acme.example.eml");
        assertThat(Files.readString(files.get(0))).contains("Subject: Changes (version 2026-12-03)",
                "From: privacy@induo.ai", "What changed: outputs are kept 24 hours.");
        assertThat(files.get(1).getFileName().toString()).endsWith("-2-ops@acme.example.eml");
    }
}
