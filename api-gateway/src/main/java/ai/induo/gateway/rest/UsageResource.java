package ai.induo.gateway.rest;

import ai.induo.common.job.JobStatus;
import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.job.Metadata;
import ai.induo.gateway.openapi.ApiDefinition;
import ai.induo.gateway.openapi.ProblemResponse;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.usage.UsageGroup;
import ai.induo.gateway.usage.UsageQuery;
import ai.induo.gateway.usage.UsageRepository;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's usage: jobs, output images and model seconds in a time window, grouped. */
@Path("/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
@Tag(name = ApiDefinition.USAGE)
public class UsageResource {

    @Inject
    UsageRepository usage;

    @Inject
    CurrentCaller caller;

    @Inject
    Clock clock;

    /** The usage report as answered. */
    @Schema(name = "Usage", description = "The account's jobs created in `[from, to)`, summed up per group.")
    public record UsageView(
            @Schema(required = true, enumeration = "usage")
            @JsonProperty("object") String object,
            @Schema(required = true, description = "The start of the window, included.")
            @JsonProperty("from") Instant from,
            @Schema(required = true, description = "The end of the window, excluded.")
            @JsonProperty("to") Instant to,
            @Schema(required = true, description = "How jobs are grouped: `day`, `status` or `metadata.<key>`.")
            @JsonProperty("group_by") String groupBy,
            @Schema(required = true, maxItems = UsageRepository.MAX_GROUPS, description = "One entry per group that has "
                    + "jobs, sorted by group (`null` first): at most " + UsageRepository.MAX_GROUPS + ", the first after "
                    + "`starting_after`.")
            @JsonProperty("data") List<UsageGroupView> data,
            @Schema(required = true, description = "Whether groups after the last one here have jobs: the report was cut "
                    + "at " + UsageRepository.MAX_GROUPS + " groups. Pass the last `group` as `starting_after` for the next page.")
            @JsonProperty("has_more") boolean hasMore) {
    }

    /** One group of the report. */
    @Schema(name = "UsageGroup", description = "The totals of one group.")
    public record UsageGroupView(
            @Schema(required = true, nullable = true, description = "The group: a UTC day such as `2026-11-30`, a job "
                    + "status, or a metadata value (`null` for jobs without the key).")
            @JsonProperty("group") String group,
            @Schema(required = true)
            @JsonProperty("jobs") JobCounts jobs,
            @Schema(required = true, minimum = "0", description = "The output images of the group's succeeded jobs.")
            @JsonProperty("output_images") long outputImages,
            @Schema(required = true, minimum = "0", description = "The wall time of each finished job's last attempt "
                    + "(`finished_at` − `started_at`), summed; a job that never started counts 0.")
            @JsonProperty("model_seconds") double modelSeconds) {

        public static UsageGroupView of(UsageGroup group) {
            return new UsageGroupView(group.group(), JobCounts.of(group), group.outputImages(), group.modelSeconds());
        }
    }

    /** Jobs of one group per status. */
    @Schema(name = "UsageJobCounts", description = "The group's jobs per status, and all of them.")
    public record JobCounts(
            @Schema(required = true, minimum = "0")
            @JsonProperty("queued") long queued,
            @Schema(required = true, minimum = "0")
            @JsonProperty("running") long running,
            @Schema(required = true, minimum = "0")
            @JsonProperty("succeeded") long succeeded,
            @Schema(required = true, minimum = "0")
            @JsonProperty("failed") long failed,
            @Schema(required = true, minimum = "0")
            @JsonProperty("cancelled") long cancelled,
            @Schema(required = true, minimum = "0")
            @JsonProperty("expired") long expired,
            @Schema(required = true, minimum = "0")
            @JsonProperty("total") long total) {

        static JobCounts of(UsageGroup group) {
            return new JobCounts(group.jobs(JobStatus.QUEUED), group.jobs(JobStatus.RUNNING),
                    group.jobs(JobStatus.SUCCEEDED), group.jobs(JobStatus.FAILED), group.jobs(JobStatus.CANCELLED),
                    group.jobs(JobStatus.EXPIRED), group.totalJobs());
        }
    }

    /**
     * Usage of the caller's jobs created in {@code [from, to)}, grouped by {@code group_by}: the first
     * {@value UsageRepository#MAX_GROUPS} groups after {@code starting_after}.
     */
    @GET
    @Operation(operationId = "getUsage", summary = "Read the usage", description = "Job counts, output images and "
            + "model seconds of the account's jobs created in `[from, to)`, grouped by day, status or a metadata key, "
            + "at most " + UsageRepository.MAX_GROUPS + " groups per answer (`has_more` says whether more follow). Each "
            + "parameter may be given once.")
    @Parameter(name = "from", in = ParameterIn.QUERY, description = "The start of the window, an RFC 3339 date-time; "
            + "30 days before `to` by default. It must be before `to`, at most 366 days apart.",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @Parameter(name = "to", in = ParameterIn.QUERY, description = "The end of the window, an RFC 3339 date-time; now "
            + "by default.", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @Parameter(name = "group_by", in = ParameterIn.QUERY, description = "`day` (the UTC day of creation), `status` or "
            + "`metadata.<key>` (a key of 1 to 40 characters, without `.` and not starting with `$`).",
            schema = @Schema(type = SchemaType.STRING, defaultValue = "day",
                    pattern = "^(day|status|metadata\\.[^.$][^.]{0,39})$"))
    @Parameter(name = "starting_after", in = ParameterIn.QUERY, description = "A group: the answer starts with the "
            + "groups after it in group order. Pass the last `group` of the previous answer while `has_more` is true.",
            schema = @Schema(type = SchemaType.STRING, maxLength = Metadata.MAX_VALUE_CHARS))
    @APIResponse(responseCode = "200", description = "The usage report.")
    @ProblemResponse(status = 400, code = ErrorCodes.INVALID_REQUEST, when = "a parameter is unknown, repeated or "
            + "malformed, `from` is not before `to`, they are more than 366 days apart, or `starting_after` is over "
            + Metadata.MAX_VALUE_CHARS + " characters")
    public UsageView get(@Context UriInfo uri) {
        UsageQuery query = UsageQuery.parse(uri.getQueryParameters(), clock.instant());
        UsageRepository.UsagePage page = usage.summarize(caller.accountId(), query);
        List<UsageGroupView> data = page.groups().stream().map(UsageGroupView::of).toList();
        return new UsageView("usage", query.from(), query.to(), query.groupBy(), data, page.hasMore());
    }
}
