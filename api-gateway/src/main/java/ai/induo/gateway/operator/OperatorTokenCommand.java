package ai.induo.gateway.operator;

import ai.induo.gateway.command.CommandOptions;
import ai.induo.gateway.command.GatewayCommand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code operator-token create --name alice --role support[,safety]}, {@code list}, {@code revoke <id>}:
 * the only way operator tokens are made. A new token is printed once; creating and revoking are
 * recorded in the audit log (who: {@code cli:<OS user>}).
 */
@ApplicationScoped
public class OperatorTokenCommand implements GatewayCommand {

    /** The command's name. */
    public static final String NAME = "operator-token";
    private static final String USAGE_TEXT = "usage: " + NAME
            + " create --name <name> --role <role>[,<role>…] | list | revoke <token id>";

    private static final Set<String> CREATE_OPTIONS = Set.of("--name", "--role");

    @Inject
    OperatorTokens tokens;

    @Inject
    OperatorAudit audit;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String synopsis() {
        return "create --name N --role R[,R] | list | revoke ID: operator API tokens";
    }

    @Override
    public int run(List<String> arguments, PrintStream out, PrintStream err) {
        if (arguments.isEmpty()) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = arguments.subList(1, arguments.size());
        return switch (arguments.get(0)) {
            case "create" -> create(rest, out, err);
            case "list" -> rest.isEmpty() ? list(out) : usage(err);
            case "revoke" -> rest.size() == 1 ? revoke(rest.get(0), out, err) : usage(err);
            default -> usage(err);
        };
    }

    private int create(List<String> arguments, PrintStream out, PrintStream err) {
        CommandOptions options;
        try {
            options = CommandOptions.parse(arguments, CREATE_OPTIONS);
        } catch (IllegalArgumentException e) {
            return usage(err);
        }
        String name = options.get("--name").orElse(null);
        String roles = options.get("--role").orElse(null);
        if (name == null || roles == null) {
            return usage(err);
        }
        OperatorTokens.CreatedToken created;
        try {
            Set<Role> named = Role.named(Arrays.asList(roles.split(",")));
            created = tokens.create(name, named);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        audit.record(OperatorAction.of(Operator.cli(), "operator_token.create")
                .withDetail(created.entity().id + " " + created.entity().name + " " + String.join(",", created.entity().roles)));
        out.println("token " + created.entity().id + " for " + created.entity().name + " with roles "
                + String.join(",", created.entity().roles) + ":");
        out.println(created.token());
        out.println("it is shown this once; send it as Authorization: Bearer <token> to the management port");
        return DONE;
    }

    private int list(PrintStream out) {
        for (OperatorTokenEntity token : tokens.list()) {
            out.printf("%s  %-20s %-22s %s  created %s  last used %s%s%n", token.id, token.name, String.join(",", token.roles),
                    token.prefix, token.createdAt, token.lastUsedAt == null ? "never" : token.lastUsedAt,
                    token.revokedAt == null ? "" : "  revoked " + token.revokedAt);
        }
        return DONE;
    }

    private int revoke(String id, PrintStream out, PrintStream err) {
        if (!tokens.revoke(id)) {
            err.println("no live operator token " + id);
            return USAGE;
        }
        audit.record(OperatorAction.of(Operator.cli(), "operator_token.revoke").withDetail(id));
        out.println("revoked " + id);
        return DONE;
    }

    private static int usage(PrintStream err) {
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
