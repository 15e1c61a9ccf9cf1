package ai.induo.gateway.operator;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who acts: an operator token (its id and name, the roles it carries), or a person at the command
 * line of a gateway host, who holds every role because they already hold the database and the keys.
 *
 * @param id the token's id ({@code opt_…}), or {@code cli:<OS user>}
 * @param name the token's name, or {@code cli:<OS user>}
 * @param roles what the operator may do
 */
public record Operator(String id, String name, Set<Role> roles) {

    /** The prefix of who ran a command on a gateway host. */
    public static final String CLI_PREFIX = "cli:";

    public Operator {
        roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
    }

    /** The person running a command on this host, named by the OS user that runs it. */
    public static Operator cli() {
        String who = CLI_PREFIX + System.getProperty("user.name", "unknown");
        return new Operator(who, who, EnumSet.allOf(Role.class));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
