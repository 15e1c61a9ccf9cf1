package ai.induo.gateway.rest;

import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.account.AccountService.CreatedAccount;
import ai.induo.gateway.account.Passwords;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.idempotency.Idempotent;
import ai.induo.gateway.idempotency.IdempotentRequest;
import ai.induo.gateway.limit.ClientRateLimited;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Sign-up. */
@Path("/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDefinition.ACCOUNTS)
public class AccountResource {

    @Inject
    GatewayConfig config;

    @Inject
    AccountService accounts;

    @Inject
    IdempotentRequest idempotentRequest;

    /** Sign-up request. */
    @Schema(name = "AccountCreation", description = "Sign-up.")
    public record CreateAccountRequest(
            @Schema(required = true, minLength = 1, maxLength = AccountService.MAX_NAME_CHARS,
                    description = "The account holder's name.")
            @JsonProperty("name") String name,
            @Schema(required = true, format = "email", maxLength = AccountService.MAX_EMAIL_CHARS,
                    description = "The email address the owner signs in with; one account per address.")
            @JsonProperty("email") String email,
            @Schema(required = true, format = "password", minLength = Passwords.MIN_CHARS, description = "At least "
                    + Passwords.MIN_CHARS + " characters and at most " + Passwords.MAX_BYTES + " bytes in UTF-8.")
            @JsonProperty("password") String password) {
    }

    /** The new account with its secrets, shown this once. */
    @Schema(name = "CreatedAccount", description = "The new account with its secrets, shown this once.")
    public record CreatedAccountResponse(
            @Schema(required = true)
            @JsonProperty("account") AccountView account,
            @Schema(required = true, description = "The account's first API key, `sk_…`, holding every scope.")
            @JsonProperty("api_key") String apiKey,
            @Schema(required = true, description = "The secret the account's webhooks are signed with, `whsec_…`.")
            @JsonProperty("webhook_secret") String webhookSecret) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Idempotent(password = "password")
    @ClientRateLimited
    @Operation(operationId = "createAccount", summary = "Sign up", description = "Makes an account and its first API "
            + "key, which holds every scope. The answer (`Cache-Control: no-store`) is the only place the key and the "
            + "webhook secret are shown, except a replay for the same `Idempotency-Key`.")
    @APIResponseSchema(value = CreatedAccountResponse.class, responseCode = "201",
            responseDescription = "The new account, its first API key and its webhook secret.")
    @ProblemResponse(status = 409, code = ErrorCodes.EMAIL_TAKEN, when = "an account with this email already exists")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_REQUEST,
            when = "`name`, `email` or `password` is missing or out of range")
    public Response create(CreateAccountRequest request) {
        if (request == null) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "Send a JSON object with name, email and password.");
        }
        CreatedAccount created = accounts.create(request.name(), request.email(), request.password());
        idempotentRequest.ownedBy(created.account().id);
        return SecretAnswers.of(Response.Status.CREATED,
                new CreatedAccountResponse(AccountView.of(created.account(), config.retention().outputs()), created.apiKey(), created.webhookSecret()));
    }
}
