package ai.induo.gateway.account;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an API key may do. A dashboard session holds every scope. */
@Schema(name = "Scope", enumeration = {"jobs:write", "jobs:read", "account:admin"}, description = "What an API key may "
        + "do: `jobs:write` submits and cancels jobs, `jobs:read` reads them, `account:admin` reads and corrects the "
        + "account and manages its API keys, request log and usage.")
public enum Scope {

    /** Submit jobs: {@code POST /v1/jobs}. */
    JOBS_WRITE("jobs:write"),
    /** Read jobs: {@code GET /v1/jobs/{id}}. */
    JOBS_READ("jobs:read"),
    /** Read and correct the account, manage its API keys: {@code /v1/account}, {@code /v1/api-keys}. */
    ACCOUNT_ADMIN("account:admin");

    /** Every scope, in declaration order; what sign-up keys, sessions and keys created without {@code scopes} hold. */
    public static final Set<Scope> ALL = Collections.unmodifiableSet(EnumSet.allOf(Scope.class));

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the API and in the database, e.g. {@code jobs:write}. */
    public String wireName() {
        return wireName;
    }

    /** The scope with this wire name. */
    public static Optional<Scope> fromWireName(String name) {
        return Arrays.stream(values()).filter(scope -> scope.wireName.equals(name)).findFirst();
    }

    /** The wire names of these scopes, in declaration order, without repeats. */
    public static List<String> wireNames(Collection<Scope> scopes) {
        return scopes.isEmpty() ? List.of() : EnumSet.copyOf(scopes).stream().map(Scope::wireName).toList();
    }
}
