package ai.induo.gateway.rest;

import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The caller's own account: read it, correct its name and email. */
@Path("/v1/account")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
public class CurrentAccountResource {

    static final String NAME = "name";
    static final String EMAIL = "email";

    @Inject
    AccountService accounts;

    @Inject
    CurrentCaller caller;

    @GET
    public AccountView get() {
        return AccountView.of(accounts.get(caller.accountId()));
    }

    /** Corrects {@code name} and {@code email}; a field left out stays as it is. */
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public AccountView update(JsonNode body) {
        JsonBody fields = JsonBody.of(body, List.of(NAME, EMAIL));
        return AccountView.of(accounts.update(caller.accountId(), fields.text(NAME).orElse(null), fields.text(EMAIL).orElse(null)));
    }
}
