package ai.induo.gateway.rest;

import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
import ai.induo.gateway.privacy.export.AccountExport;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's data export (privacy policy §6): a zip streamed as it is written. */
@Path("/v1/account/export")
@RequiresScope(Scope.ACCOUNT_ADMIN)
@Tag(name = ApiDefinition.ACCOUNTS)
public class AccountExportResource {

    static final String ZIP = "application/zip";
    static final String INCLUDE_IMAGES = "include_images";

    @Inject
    AccountExport export;

    @Inject
    CurrentCaller caller;

    @Inject
    Clock clock;

    @GET
    @Produces(ZIP)
    @Operation(operationId = "exportAccount", summary = "Export the account's data", description = "A zip of "
            + "everything Induo keeps about the account (GDPR access, CCPA right to know): `README.txt` says what each "
            + "file is and which category of the privacy policy it answers; `account.json`, `api_keys.json` (metadata "
            + "only), `jobs.jsonl`, `request_logs.jsonl`, `webhook_endpoints.json`, `webhook_deliveries.jsonl`, "
            + "`usage.json`, and with `include_images=true` the images still retained, decrypted. No key, secret or "
            + "hash is included. The zip is streamed as it is written (`Cache-Control: no-store`).")
    @Parameter(name = INCLUDE_IMAGES, in = ParameterIn.QUERY, description = "`true` adds the images still retained "
            + "under `images/<job_id>/`.", schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
    @APIResponse(responseCode = "200", description = "The export, `induo-export-<account id>-<UTC date>.zip`.",
            content = @Content(mediaType = ZIP, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST,
            when = "`include_images` is not `true` or `false`, is repeated, or another parameter is given")
    public Response get(@Context UriInfo uri) {
        boolean includeImages = includeImages(uri.getQueryParameters());
        String accountId = caller.accountId();
        StreamingOutput body = out -> export.write(accountId, includeImages, out);
        String file = "induo-export-" + accountId + "-" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) + ".zip";
        return Response.ok(body, ZIP)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    private static boolean includeImages(Map<String, List<String>> parameters) {
        boolean includeImages = false;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!parameter.getKey().equals(INCLUDE_IMAGES)) {
                throw QueryParameters.invalid("Unknown parameter '" + parameter.getKey() + "'; the only parameter is "
                        + INCLUDE_IMAGES + ".");
            }
            includeImages = switch (QueryParameters.single(parameter)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw QueryParameters.invalid(INCLUDE_IMAGES + " must be true or false.");
            };
        }
        return includeImages;
    }
}
