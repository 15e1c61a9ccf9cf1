package ai.induo.gateway.rest;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.job.JobStatus;
import ai.induo.gateway.job.JobService;
import ai.induo.gateway.output.OutputUrls;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.platform.job.JobEntity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;

/**
 * Result downloads through signed, expiring URLs. The signature is the permission, so no API key
 * is needed; a tampered URL answers {@code 403}, an expired one {@code 410}.
 */
@Path("/v1/outputs")
public class OutputResource {

    @Inject
    OutputUrls urls;

    @Inject
    JobService jobs;

    @Inject
    EncryptedObjectStore objects;

    @GET
    @Path("/{job}/{index}")
    public Response download(
            @PathParam("job") String jobId,
            @PathParam("index") int index,
            @QueryParam("expires") String expires,
            @QueryParam("signature") String signature) {
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
        JobEntity job = jobs.findUnscoped(jobId)
                .filter(found -> found.jobStatus() == JobStatus.SUCCEEDED && found.outputsDeletedAt == null
                        && index >= 0 && index < found.outputs.size())
                .orElseThrow(() -> new ApiException(Response.Status.GONE, ErrorCodes.URL_EXPIRED, "This output is no longer kept; outputs are deleted after the retention period."));
        JobEntity.StoredImage output = job.outputs.get(index);
        StreamingOutput body = out -> {
            try (InputStream in = objects.open(output.key)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, output.contentType)
                .header("Cache-Control", "private, max-age=300")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static ApiException forbidden() {
        return new ApiException(Response.Status.FORBIDDEN, ErrorCodes.INVALID_SIGNATURE, "The output URL's signature is not valid.");
    }
}
