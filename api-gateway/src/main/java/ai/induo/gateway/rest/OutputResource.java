package ai.induo.gateway.rest;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.crypto.KeyUnavailableException;
import ai.induo.common.crypto.MasterKeyUnavailableException;
import ai.induo.common.store.ObjectNotFoundException;
import ai.induo.common.job.JobStatus;
import ai.induo.gateway.job.JobService;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
import ai.induo.gateway.output.OutputUrls;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Result downloads through signed, expiring URLs. The signature is the permission, so no API key
 * is needed; a tampered URL answers {@code 403}, an expired one {@code 410}. The object is opened
 * (its header read and its keys unwrapped) before the answer starts, so an object that is missing or
 * does not open for the job's account and output key answers {@code 410 output_unavailable}, and a
 * master key that cannot be used now {@code 503}, instead of a broken {@code 200}.
 */
@Path("/v1/outputs")
@Tag(name = ApiDefinition.OUTPUTS)
public class OutputResource {

    private static final Logger LOG = Logger.getLogger(OutputResource.class);

    @Inject
    OutputUrls urls;

    @Inject
    JobService jobs;

    @Inject
    EncryptedObjectStore objects;

    @GET
    @Path("/{job}/{index}")
    @Operation(operationId = "downloadOutput", summary = "Download a result image", description = "The URL comes from "
            + "the job's `outputs[].url`: its signature is the permission, so no API key is needed. It expires; read "
            + "the job again for a fresh one.")
    @APIResponse(responseCode = "200", description = "The image (`Cache-Control: private, max-age=300`).", content = {
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/webp", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @ProblemResponse(status = 403, code = ErrorCodes.INVALID_SIGNATURE,
            when = "the signature does not match the URL, or `expires` is missing or not a number")
    @ProblemResponse(status = 404, code = ErrorCodes.NOT_FOUND, when = "`index` is not a whole number")
    @ProblemResponse(status = 410, code = ErrorCodes.URL_EXPIRED,
            when = "the URL has expired, or the output is no longer kept")
    @ProblemResponse(status = 410, code = ErrorCodes.OUTPUT_UNAVAILABLE,
            when = "the stored output is missing, or does not open as this job's output (changed, or copied from elsewhere)")
    public Response download(
            @Parameter(description = "The job's id, `job_…`.") @PathParam("job") String jobId,
            @Parameter(description = "The output's place in the job's `outputs`, from 0.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0")) @PathParam("index") int index,
            @Parameter(required = true, description = "When the URL expires, in seconds since the epoch.",
                    schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("expires") String expires,
            @Parameter(required = true, description = "The URL's signature.") @QueryParam("signature") String signature) {
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw forbidden();
        }
        OutputUrls.Verdict verdict = urls.verify(jobId, index, expiresAt, signature);
        if (verdict == OutputUrls.Verdict.INVALID) {
            throw forbidden();
        }
        if (verdict == OutputUrls.Verdict.EXPIRED) {
            throw new ApiException(Response.Status.GONE, ErrorCodes.URL_EXPIRED,
                    "This output URL has expired; read the job again for a fresh one.");
        }
        Job job = jobs.findUnscoped(jobId)
                .filter(found -> found.status() == JobStatus.SUCCEEDED && found.outputsDeletedAt() == null
                        && index >= 0 && index < found.outputs().size())
                .orElseThrow(() -> new ApiException(Response.Status.GONE, ErrorCodes.URL_EXPIRED, "This output is no longer kept; outputs are deleted after the retention period."));
        JobImage output = job.outputs().get(index);
        InputStream opened = open(job, output);
        StreamingOutput body = out -> {
            try (InputStream in = opened) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, output.contentType())
                .header("Cache-Control", "private, max-age=300")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /**
     * The output's plaintext stream, its header already authenticated.
     *
     * @throws MasterKeyUnavailableException when the master key cannot be used now ({@code 503})
     */
    private InputStream open(Job job, JobImage output) {
        try {
            return objects.open(job.accountId(), output.key());
        } catch (MasterKeyUnavailableException e) {
            throw e;
        } catch (ObjectNotFoundException e) {
            LOG.warnf("output %s of job %s is missing from storage", output.key(), job.id());
            throw outputUnavailable();
        } catch (DecryptionException | KeyUnavailableException e) {
            LOG.warnf("output %s of job %s does not open for account %s: %s", output.key(), job.id(), job.accountId(),
                    e.getMessage());
            throw outputUnavailable();
        } catch (IOException e) {
            throw new UncheckedIOException("reading output " + output.key() + " of job " + job.id() + " failed", e);
        }
    }

    private static ApiException outputUnavailable() {
        return new ApiException(Response.Status.GONE, ErrorCodes.OUTPUT_UNAVAILABLE,
                "This output cannot be served: the stored image is missing or damaged.");
    }

    private static ApiException forbidden() {
        return new ApiException(Response.Status.FORBIDDEN, ErrorCodes.INVALID_SIGNATURE, "The output URL's signature is not valid.");
    }
}
