package ai.induo.gateway.training;

import ai.induo.gateway.command.GatewayCommand;
import ai.induo.gateway.operator.Operator;
import ai.induo.gateway.operator.OperatorAction;
import ai.induo.gateway.operator.OperatorAudit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code training-export [--since P7D] [--limit N]}: writes one training set ({@link TrainingExport})
 * from the jobs of the last {@code --since} (default 7 days), at most {@code --limit} (default
 * 1,000) of them, and records it in the operator audit log (who: {@code cli:<OS user>}).
 */
@ApplicationScoped
public class TrainingExportCommand implements GatewayCommand {

    /** The command's name. */
    public static final String NAME = "training-export";
    /** The name exports are audited under. */
    public static final String AUDIT_ACTION = "training.export";
    /** The exit status when storage failed part-way: the set is incomplete and has no manifest. */
    public static final int FAILED = 1;

    /** How far back an export looks unless told. */
    public static final Duration DEFAULT_SINCE = Duration.ofDays(7);
    /** How many jobs an export takes at most unless told. */
    public static final int DEFAULT_LIMIT = 1_000;
    private static final String USAGE_LINE = "usage: " + NAME + " [--since P7D] [--limit N]";

    @Inject
    TrainingExport export;

    @Inject
    OperatorAudit audit;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String synopsis() {
        return "[--since P7D] [--limit N]: exports an anonymised training set under the training key";
    }

    @Override
    public int run(List<String> arguments, PrintStream out, PrintStream err) {
        Duration since = DEFAULT_SINCE;
        int limit = DEFAULT_LIMIT;
        try {
            for (int i = 0; i < arguments.size(); i += 2) {
                String value = i + 1 < arguments.size() ? arguments.get(i + 1) : null;
                switch (value == null ? "" : arguments.get(i)) {
                    case "--since" -> since = Duration.parse(value);
                    case "--limit" -> limit = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException(arguments.get(i));
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println(USAGE_LINE);
            return USAGE;
        }
        if (since.isNegative() || since.isZero() || limit < 1) {
            err.println(USAGE_LINE + " (--since a positive ISO-8601 duration, --limit at least 1)");
            return USAGE;
        }
        TrainingExport.Result result;
        try {
            result = export.export(since, limit);
        } catch (IOException e) {
            audit.record(OperatorAction.of(Operator.cli(), AUDIT_ACTION).withOutcome("storage_failed"));
            err.println("storing the training set failed: " + e.getMessage());
            return FAILED;
        }
        audit.record(OperatorAction.of(Operator.cli(), AUDIT_ACTION)
                .withDetail(result.setId() + ": " + result.samples() + " samples, " + result.images() + " images"));
        out.println("training set " + result.setId() + " under " + result.folder() + ": " + result.samples()
                + " samples, " + result.images() + " images");
        return DONE;
    }
}
