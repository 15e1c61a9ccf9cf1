package ai.induo.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code --name value} options of a stack main class, checked against the names it accepts. */
final class CommandLineOptions {

    private static final String PREFIX = "--";

    private final Map<String, String> values;

    private CommandLineOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code --name value} pairs.
     *
     * @throws IllegalArgumentException on an unknown name, a missing value or a repeated name
     */
    static CommandLineOptions parse(String[] args, Set<String> accepted) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String arg = args[i];
            if (!arg.startsWith(PREFIX) || !accepted.contains(arg.substring(PREFIX.length()))) {
                throw new IllegalArgumentException(
                        "unknown option " + arg + "; accepted: --" + String.join(", --", accepted));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            if (values.put(arg.substring(PREFIX.length()), args[i + 1]) != null) {
                throw new IllegalArgumentException("option " + arg + " given twice");
            }
        }
        return new CommandLineOptions(values);
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String requiredText(String name) {
        return text(name).orElseThrow(() -> new IllegalArgumentException("option --" + name + " is required"));
    }

    Path requiredPath(String name) {
        return Path.of(requiredText(name));
    }

    Optional<Path> path(String name) {
        return text(name).map(Path::of);
    }

    int requiredPort(String name) {
        return port(name, requiredText(name));
    }

    int integer(String name, int defaultValue) {
        return text(name).map(value -> parseInt(name, value)).orElse(defaultValue);
    }

    Optional<Duration> millis(String name) {
        return text(name).map(value -> Duration.ofMillis(parseInt(name, value)));
    }

    private static int port(String name, String value) {
        int port = parseInt(name, value);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("option --" + name + " must be a TCP port, got " + value);
        }
        return port;
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be a number, got " + value, e);
        }
    }
}
