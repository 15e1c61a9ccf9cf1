package ai.induo.gateway.operator;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an operator token allows. Roles do not imply one another: a route names the one role it
 * needs, and a token that should do more carries more roles ({@code support,safety}). Even
 * {@code admin} does not see safety cases' links to accounts, which only {@code safety} may read.
 */
public enum Role {
    /** Answers data-subject requests: finds accounts by email, exports and erases them. */
    SUPPORT("support"),
    /** Reviews safety cases, flags jobs, reads the case-to-account links. */
    SAFETY("safety"),
    /** Runs the platform: master-key rotation, training exports, reads the audit log. */
    ADMIN("admin");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** The role's name in tokens, the command line and answers. */
    public String wireName() {
        return wireName;
    }

    /** The role with this name. */
    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName.equals(name)).findFirst();
    }

    /** The roles with these names; an unknown name is an {@link IllegalArgumentException} that lists the roles. */
    public static Set<Role> named(Collection<String> names) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            roles.add(fromWireName(name.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown role '" + name + "'; the roles are " + String.join(", ", wireNames(EnumSet.allOf(Role.class))))));
        }
        return roles;
    }

    /** The wire names of these roles, in declaration order. */
    public static List<String> wireNames(Set<Role> roles) {
        return roles.stream().sorted().map(Role::wireName).toList();
    }
}
