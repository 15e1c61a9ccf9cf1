package ai.induo.gateway.rest;

import ai.induo.gateway.account.AccountChanges;
import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.account.AccountService.RotatedSecret;
import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.idempotency.Idempotent;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
import ai.induo.gateway.privacy.erasure.AccountErasure;
import ai.induo.gateway.privacy.erasure.ErasureConfirmation;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.requestlog.ClientAddress;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own account: read it, correct its name and email, rotate its webhook secret, erase it. */
@Path("/v1/account")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
@Tag(name = ApiDefinition.ACCOUNTS)
public class CurrentAccountResource {

    static final String NAME = "name";
    static final String EMAIL = "email";
    static final String TRAINING_OPT_OUT = "training_opt_out";
    static final String OUTPUT_RETENTION_HOURS = "output_retention_hours";
    static final String PASSWORD = "password";

    @Inject
    AccountService accounts;

    @Inject
    CurrentCaller caller;

    @Inject
    GatewayConfig config;

    @Inject
    ErasureConfirmation erasureConfirmation;

    @Inject
    AccountErasure erasure;

    @Inject
    ClientAddress clientAddress;

    /** A new account webhook secret, shown this once. */
    @Schema(name = "WebhookSecret", description = "The account's new webhook signing secret.")
    public record WebhookSecretView(
            @Schema(required = true, enumeration = "webhook_secret")
            @JsonProperty("object") String object,
            @Schema(required = true, description = "The new signing secret, `whsec_…`, shown this once (and in "
                    + "idempotent replays): it signs the webhooks sent to jobs' own `webhook_url`.")
            @JsonProperty("secret") String secret,
            @Schema(required = true, description = "Until when the secret it replaces keeps signing next to it.")
            @JsonProperty("previous_secret_expires_at") Instant previousSecretExpiresAt) {
    }

    /** The body of a correction, for the OpenAPI document; {@link #update} reads it strictly with {@link JsonBody}. */
    @Schema(name = "AccountUpdate", description = "A correction of the account; a field left out stays as it is. "
            + "No other field is accepted.")
    record UpdateRequest(
            @Schema(minLength = 1, maxLength = AccountService.MAX_NAME_CHARS, description = "The account holder's name.")
            @JsonProperty(NAME) String name,
            @Schema(format = "email", maxLength = AccountService.MAX_EMAIL_CHARS,
                    description = "The email address the owner signs in with.")
            @JsonProperty(EMAIL) String email,
            @Schema(description = "True keeps the account's images out of every training set (privacy policy §2.2).")
            @JsonProperty(TRAINING_OPT_OUT) Boolean trainingOptOut,
            @Schema(minimum = "" + AccountService.MIN_OUTPUT_RETENTION_HOURS, maximum = "" + AccountService.MAX_OUTPUT_RETENTION_HOURS,
                    nullable = true, description = "How many hours output images are kept after their job ends; "
                    + "`null` goes back to the platform default.")
            @JsonProperty(OUTPUT_RETENTION_HOURS) Integer outputRetentionHours) {
    }

    @GET
    @Operation(operationId = "getAccount", summary = "Read the account",
            description = "The account the API key or session token belongs to.")
    @APIResponse(responseCode = "200", description = "The account.")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = "the account no longer exists")
    public AccountView get() {
        return AccountView.of(accounts.get(caller.accountId()), config.retention().outputs());
    }

    /** Corrects {@code name} and {@code email} and changes the settings; a field left out stays as it is. */
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateAccount", summary = "Correct the account or change its settings",
            description = "Corrects `name` and `email`, checked as at sign-up, and sets `training_opt_out` and "
                    + "`output_retention_hours` (`null` goes back to the platform default); a field left out stays as it is.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST,
            when = "a field has the wrong type, or a field other than `name`, `email`, `training_opt_out` and "
                    + "`output_retention_hours` is sent")
    @APIResponse(responseCode = "200", description = "The account as corrected.")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = "the account no longer exists")
    @ProblemResponse(status = 409, code = ErrorCodes.EMAIL_TAKEN, when = "another account has this email")
    @ProblemResponse(status = 422, code = ErrorCodes.INVALID_REQUEST,
            when = "`name` is empty or too long, `email` is not a valid address, or `output_retention_hours` is "
                    + "outside 1–720")
    public AccountView update(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UpdateRequest.class))) JsonNode body) {
        JsonBody fields = JsonBody.of(body, List.of(NAME, EMAIL, TRAINING_OPT_OUT, OUTPUT_RETENTION_HOURS));
        AccountChanges changes = new AccountChanges(fields.text(NAME).orElse(null), fields.text(EMAIL).orElse(null),
                fields.bool(TRAINING_OPT_OUT).orElse(null), fields.has(OUTPUT_RETENTION_HOURS),
                fields.nullableInteger(OUTPUT_RETENTION_HOURS));
        return AccountView.of(accounts.update(caller.accountId(), changes), config.retention().outputs());
    }

    /** The body of an erasure request, for the OpenAPI document; {@link #erase} reads it strictly with {@link JsonBody}. */
    @Schema(name = "AccountErasureRequest", description = "The account's password, to confirm the erasure. No other field "
            + "is accepted.")
    record EraseRequest(
            @Schema(required = true, format = "password", description = "The account's password.")
            @JsonProperty(PASSWORD) String password) {
    }

    /**
     * Erases the account after checking its password; the credentials stop working before the answer.
     * Not {@link Idempotent}: a retry cannot authenticate any more, and an answer kept under the key
     * would be a record of the account made after its keys were destroyed.
     */
    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "eraseAccount", summary = "Erase the account", description = "Erases the account and "
            + "everything it holds (GDPR deletion), after checking its password; a wrong password counts as a failed "
            + "sign-in. Before the answer every API key and session of the account stops working (`401` from the "
            + "next request on), the account's encryption keys are destroyed, so no stored image of it can be read "
            + "again, and its queued and running jobs are cancelled. Within minutes every job, image, request log, "
            + "webhook endpoint and delivery, idempotency record and failed sign-in of the account is deleted, then "
            + "the account itself; its email can sign up again after that. The receipt, with no personal data, is "
            + "all that is kept. `Idempotency-Key` is not used: the credentials that could repeat the request are gone.")
    @APIResponseSchema(value = ErasureView.class, responseCode = "202", responseDescription = "The erasure has started.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST,
            when = "`password` is missing or not a string, or another field is sent")
    @ProblemResponse(status = 403, code = ErrorCodes.INVALID_CREDENTIALS, when = "the password is wrong")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = "the account no longer exists")
    @ProblemResponse(status = 429, code = ErrorCodes.TOO_MANY_ATTEMPTS, when = "too many failed sign-ins for the "
            + "account's email or from the client address; retry after `Retry-After` seconds")
    public Response erase(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EraseRequest.class))) JsonNode body, @Context HttpServerRequest request) {
        String password = JsonBody.of(body, List.of(PASSWORD)).requiredText(PASSWORD);
        String client = clientAddress.of(request);
        erasureConfirmation.confirm(caller.accountId(), password, client == null ? SessionResource.UNKNOWN_CLIENT : client);
        return Response.accepted(ErasureView.of(erasure.request(caller.accountId()))).build();
    }

    /** A new account webhook secret, shown once; the previous one keeps signing next to it for 24 hours. */
    @POST
    @Path("/webhook-secret/rotate")
    @Idempotent
    @Operation(operationId = "rotateAccountWebhookSecret", summary = "Rotate the account's webhook secret",
            description = "A new `whsec_` secret for the webhooks sent to jobs' own `webhook_url` (endpoints have their "
                    + "own secrets), shown once (`Cache-Control: no-store`). For the next 24 hours "
                    + "(`induo.gateway.webhooks.rotation-overlap`, shown as `previous_secret_expires_at`) every such "
                    + "webhook carries a signature with each secret, so the receiver can switch without losing events; "
                    + "after that only the new secret signs.")
    @APIResponseSchema(value = WebhookSecretView.class, responseCode = "200", responseDescription = "The new secret.")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = "the account no longer exists")
    public Response rotateWebhookSecret() {
        RotatedSecret rotated = accounts.rotateWebhookSecret(caller.accountId());
        return SecretAnswers.of(Response.Status.OK,
                new WebhookSecretView("webhook_secret", rotated.secret(), rotated.previousExpiresAt()));
    }
}
