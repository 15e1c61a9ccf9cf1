package ai.induo.gateway.auth;

import ai.induo.gateway.account.Caller;
import ai.induo.gateway.problem.ApiException;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by {@link ApiKeyFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; only on {@link Authenticated} resources. */
    public Caller get() {
        if (caller == null) {
            throw ApiException.unauthorized("An API key is required.");
        }
        return caller;
    }

    /** Whether the request was authenticated (the resource is {@link Authenticated} and the token valid). */
    public boolean isAuthenticated() {
        return caller != null;
    }

    public String accountId() {
        return get().accountId();
    }
}
