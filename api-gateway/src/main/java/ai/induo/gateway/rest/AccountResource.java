package ai.induo.gateway.rest;

import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.account.AccountService.CreatedAccount;
import ai.induo.gateway.idempotency.Idempotent;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Sign-up. */
@Path("/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    AccountService accounts;

    /** Sign-up request. */
    public record CreateAccountRequest(
            @JsonProperty("name") String name,
            @JsonProperty("email") String email,
            @JsonProperty("password") String password) {
    }

    /** The new account with its secrets, shown this once. */
    public record CreatedAccountResponse(
            @JsonProperty("account") AccountView account,
            @JsonProperty("api_key") String apiKey,
            @JsonProperty("webhook_secret") String webhookSecret) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent
    public Response create(CreateAccountRequest request) {
        if (request == null) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "Send a JSON object with name, email and password.");
        }
        CreatedAccount created = accounts.create(request.name(), request.email(), request.password());
        return SecretAnswers.of(Response.Status.CREATED,
                new CreatedAccountResponse(AccountView.of(created.account()), created.apiKey(), created.webhookSecret()));
    }
}
