package ai.induo.gateway.command;

import java.io.PrintStream;
import java.util.List;

/**
 * A one-off operator command the gateway's jar runs instead of serving ({@code java -jar quarkus-run.jar
 * <name> [arguments…]}, {@code ./induo admin <name> …} on the local stack). Each command is an
 * application-scoped bean; {@link ai.induo.gateway.GatewayMain} finds it by {@link #name()}.
 */
public interface GatewayCommand {

    /** The exit status of a command that did what it was asked. */
    int DONE = 0;
    /** The exit status of a command called with arguments it does not accept. */
    int USAGE = 2;

    /** The word that selects the command, e.g. {@code rotate-master-key}. */
    String name();

    /** One line for the usage text: the arguments the command takes and what it does. */
    String synopsis();

    /** Runs the command; what it did goes to {@code out}, what went wrong to {@code err}. The exit status. */
    int run(List<String> arguments, PrintStream out, PrintStream err);
}
