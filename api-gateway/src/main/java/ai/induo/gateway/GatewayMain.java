package ai.induo.gateway;

import ai.induo.gateway.command.GatewayCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The gateway's entry point: without arguments it serves until it is stopped; with a command's name
 * it runs that {@link GatewayCommand} with the remaining arguments and exits with its status.
 */
@QuarkusMain
public class GatewayMain implements QuarkusApplication {

    /** The exit status of an unknown command. */
    public static final int USAGE = GatewayCommand.USAGE;

    @Inject
    Instance<GatewayCommand> commands;

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        List<String> arguments = Arrays.asList(args).subList(1, args.length);
        return commands.stream()
                .filter(command -> command.name().equals(args[0]))
                .findFirst()
                .map(command -> command.run(arguments, System.out, System.err))
                .orElseGet(this::usage);
    }

    private int usage() {
        System.err.println("usage: java -jar quarkus-run.jar [command [arguments…]]; commands:");
        commands.stream()
                .sorted(Comparator.comparing(GatewayCommand::name))
                .forEach(command -> System.err.printf("  %-24s %s%n", command.name(), command.synopsis()));
        return USAGE;
    }
}
