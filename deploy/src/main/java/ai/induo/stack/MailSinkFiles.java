package ai.induo.stack;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes each message GreenMail receives, once per recipient, as {@code <time>-<n>-<recipient>.eml} into
 * a directory (RFC 5322, as sent), then keeps it in the recipient's in-memory mailbox as GreenMail does.
 */
final class MailSinkFiles implements MessageDeliveryHandler {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final UserManager users;
    private final AtomicLong written = new AtomicLong();

    MailSinkFiles(Path dir, UserManager users) {
        this.dir = dir;
        this.users = users;
    }

    @Override
    public GreenMailUser handle(MovingMessage message, MailAddress recipient) throws MessagingException, UserException {
        String name = TIME.format(Instant.now()) + "-" + written.incrementAndGet() + "-"
                + recipient.getEmail().replaceAll("[^A-Za-z0-9@._-]", "_") + ".eml";
        try (OutputStream out = Files.newOutputStream(dir.resolve(name), StandardOpenOption.CREATE_NEW)) {
            message.getMessage().writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " into " + dir, e);
        }
        GreenMailUser user = users.getUserByEmail(recipient.getEmail());
        return user != null ? user : users.createUser(recipient.getEmail(), recipient.getEmail(), recipient.getEmail());
    }
}
