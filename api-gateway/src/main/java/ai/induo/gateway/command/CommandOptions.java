package ai.induo.gateway.command;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command's {@code --option value} pairs, read once the way every {@link GatewayCommand} reads them. */
public final class CommandOptions {

    private final Map<String, String> values;

    private CommandOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The options of {@code arguments}, which must be {@code --option value} pairs of the allowed options.
     *
     * @throws IllegalArgumentException for an option not allowed, one given twice, or one without its value
     */
    public static CommandOptions parse(List<String> arguments, Set<String> allowed) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < arguments.size(); i += 2) {
            String option = arguments.get(i);
            if (!allowed.contains(option) || i + 1 == arguments.size()) {
                throw new IllegalArgumentException("unknown or incomplete option " + option);
            }
            if (values.put(option, arguments.get(i + 1)) != null) {
                throw new IllegalArgumentException("option " + option + " is given twice");
            }
        }
        return new CommandOptions(values);
    }

    /** The value of an option, if it was given. */
    public Optional<String> get(String option) {
        return Optional.ofNullable(values.get(option));
    }
}
