package ai.induo.gateway.policy;

import ai.induo.gateway.command.CommandOptions;
import ai.induo.gateway.command.GatewayCommand;
import ai.induo.gateway.operator.Operator;
import ai.induo.gateway.operator.OperatorAction;
import ai.induo.gateway.operator.OperatorAudit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code announce-policy --version V (--summary TEXT | --summary-file FILE)}: records policy version V
 * as announced and enqueues its message to every account ({@link PolicyAnnouncement}); the gateways'
 * senders mail them. Running it again for V mails nobody twice. The procedure is in docs/operations.md
 * ("Announcing a policy change").
 */
@ApplicationScoped
public class AnnouncePolicyCommand implements GatewayCommand {

    /** The command's name. */
    public static final String NAME = "announce-policy";
    /** The name announcements are audited under. */
    public static final String AUDIT_ACTION = "policy.announce";
    /** The version or summary was refused: nothing was enqueued. */
    public static final int REFUSED = 1;

    private static final String USAGE_LINE = "usage: " + NAME + " --version V (--summary TEXT | --summary-file FILE)";

    private static final Set<String> OPTIONS = Set.of("--version", "--summary", "--summary-file");

    @Inject
    PolicyAnnouncement announcement;

    @Inject
    OperatorAudit audit;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String synopsis() {
        return "--version V (--summary TEXT | --summary-file FILE): mails every account the policy change";
    }

    @Override
    public int run(List<String> arguments, PrintStream out, PrintStream err) {
        CommandOptions options;
        try {
            options = CommandOptions.parse(arguments, OPTIONS);
        } catch (IllegalArgumentException e) {
            return usage(err);
        }
        String version = options.get("--version").orElse(null);
        String summary = options.get("--summary").orElse(null);
        Path summaryFile = options.get("--summary-file").map(Path::of).orElse(null);
        if (version == null || (summary == null) == (summaryFile == null)) {
            return usage(err);
        }
        try {
            if (summaryFile != null) {
                summary = Files.readString(summaryFile, StandardCharsets.UTF_8);
            }
            PolicyAnnouncement.Outcome outcome = announcement.announce(version, summary);
            audit.record(OperatorAction.of(Operator.cli(), AUDIT_ACTION)
                    .withDetail("version " + version + ", " + outcome.enqueued() + " enqueued"));
            out.printf("policy %s announced at %s; %d account(s) enqueued now (accounts enqueued before are not mailed "
                    + "again); the gateways send them%n", outcome.announced().version, outcome.announced().announcedAt,
                    outcome.enqueued());
            return DONE;
        } catch (IOException e) {
            err.println("cannot read the summary file " + summaryFile + ": " + e.getMessage());
            return REFUSED;
        } catch (PolicyAnnouncement.RefusedException e) {
            audit.record(OperatorAction.of(Operator.cli(), AUDIT_ACTION).withOutcome("refused"));
            err.println(e.getMessage());
            return REFUSED;
        }
    }

    private static int usage(PrintStream err) {
        err.println(USAGE_LINE);
        return USAGE;
    }
}
