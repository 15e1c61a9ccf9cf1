package ai.induo.gateway.training;

import ai.induo.gateway.command.CommandOptions;
import ai.induo.gateway.command.GatewayCommand;
import ai.induo.gateway.operator.Operator;
import ai.induo.gateway.operator.OperatorAction;
import ai.induo.gateway.operator.OperatorAudit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

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

    private static final Set<String> OPTIONS = Set.of("--since", "--limit");
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
        TrainingExport.Request request;
        try {
            CommandOptions options = CommandOptions.parse(arguments, OPTIONS);
            request = TrainingExport.Request.parse(options.get("--since").orElse(null), options.get("--limit").orElse(null));
        } catch (IllegalArgumentException e) {
            err.println(USAGE_LINE + ": " + e.getMessage());
            return USAGE;
        }
        TrainingExport.Result result;
        try {
            result = export.export(request);
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
